from cms.roles import EDITORS

from ._role import RoleCommand


class Command(RoleCommand):
    help = (
        "Make USER an editor (created if missing): publishes and unpublishes anywhere, "
        "manages authors, taxonomy, disclaimers and site settings, reviews submissions."
    )
    role = EDITORS
