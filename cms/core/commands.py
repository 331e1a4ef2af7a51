"""What the management commands of every app share."""


def progress_stream(output):
    """The stream under a command's ``OutputWrapper``, for a progress bar.

    The wrapper ends every write with a newline, which would break tqdm's redrawing of its
    bar on one line; tqdm decides from the stream itself whether it is a terminal.
    """
    return getattr(output, "_out", output)
