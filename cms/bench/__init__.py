"""``make bench``: the site measured on synthetic archives of growing size."""
