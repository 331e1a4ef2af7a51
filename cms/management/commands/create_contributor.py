from cms.roles import CONTRIBUTORS

from ._role import RoleCommand


class Command(RoleCommand):
    help = (
        "Make USER a contributor (created if missing): writes drafts, uploads images and "
        "submits articles for an editor's review; cannot publish."
    )
    role = CONTRIBUTORS
