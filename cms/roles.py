"""The editorial roles: who may do what in the admin, defined once.

- **Editors** publish and unpublish anywhere under the site, manage authors (pages, and the
  user account each is linked to), tags, topics, article types, disclaimers, images,
  documents and the site settings, review what contributors submit, and translate pages.
- **Contributors** write: they create and edit drafts, upload images and submit their
  work for review; they cannot publish, unpublish or delete live content, nor change the
  site settings.

``apply_roles(apps)`` sets the groups up (creating what is missing, and replacing what a
group had before, so that no group keeps a right it is not meant to have), with the review
workflow on the whole site: a contributor's submission waits for an editor's approval.
Wagtail's stock "Moderators" group is folded into Editors. It runs in a migration with the
historical models, and works the same with the current ones.
"""

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"
ROLES = (EDITORS, CONTRIBUTORS)
STOCK_MODERATORS = "Moderators"
REVIEW_TASK = "Editors approval"
REVIEW_WORKFLOW = "Editorial review"

# Permissions on the pages under the root (every site), by Wagtail's page permission codes.
PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    CONTRIBUTORS: ("add_page", "change_page"),
}
# Permissions on the root collection of images and documents: (app, model, actions).
COLLECTION_PERMISSIONS = {
    EDITORS: (
        ("wagtailimages", "image", ("add", "change", "delete", "choose")),
        ("wagtaildocs", "document", ("add", "change", "delete", "choose")),
    ),
    CONTRIBUTORS: (
        ("wagtailimages", "image", ("add", "choose")),
        ("wagtaildocs", "document", ("choose",)),
    ),
}
# Other model permissions: (app, model, actions); every role also reaches the admin.
MODEL_PERMISSIONS = {
    EDITORS: (
        ("taggit", "tag", ("add", "change", "delete")),
        ("articles", "topic", ("add", "change", "delete")),
        ("articles", "articletype", ("add", "change", "delete")),
        ("core", "disclaimer", ("add", "change", "delete")),
        ("core", "sitesettings", ("change",)),
        ("authors", "authorpage", ("link_user",)),
    ),
    CONTRIBUTORS: (),
}
# Permissions named other than "<action>_<model>": (app, model, codename). Translating a page
# copies it as a draft, and may add its untranslated sections to the other language's tree
# as aliases, which are live: editors only.
OTHER_PERMISSIONS = {
    EDITORS: (("simple_translation", "simpletranslation", "submit_translation"),),
    CONTRIBUTORS: (),
}


def apply_roles(apps) -> None:
    """Create or correct the role groups and the review workflow (safe to run again)."""
    group_model = apps.get_model("auth", "Group")
    groups = {name: group_model.objects.get_or_create(name=name)[0] for name in ROLES}
    _fold_stock_moderators(group_model, groups[EDITORS])
    root = apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()
    collection = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    for name, group in groups.items():
        group.permissions.set(
            [
                _permission(apps, "wagtailadmin", "admin", "access_admin"),
                *[
                    _permission(apps, app, model, f"{action}_{model}")
                    for app, model, actions in MODEL_PERMISSIONS[name]
                    for action in actions
                ],
                *[_permission(apps, *spec) for spec in OTHER_PERMISSIONS[name]],
            ]
        )
        _set_page_permissions(apps, group, root, PAGE_PERMISSIONS[name])
        _set_collection_permissions(apps, group, collection, COLLECTION_PERMISSIONS[name])
    if root is not None:
        _set_review_workflow(apps, groups[EDITORS], root)


def _permission(apps, app_label: str, model: str, codename: str):
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )[0]
    return apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )[0]


def _set_page_permissions(apps, group, root, codenames) -> None:
    permissions = apps.get_model("wagtailcore", "GroupPagePermission").objects
    permissions.filter(group=group).delete()
    if root is not None:
        for codename in codenames:
            permission = _permission(apps, "wagtailcore", "page", codename)
            permissions.create(group=group, page=root, permission=permission)


def _set_collection_permissions(apps, group, collection, specs) -> None:
    permissions = apps.get_model("wagtailcore", "GroupCollectionPermission").objects
    permissions.filter(group=group).delete()
    if collection is None:
        return
    for app, model, actions in specs:
        for action in actions:
            permission = _permission(apps, app, model, f"{action}_{model}")
            permissions.create(group=group, collection=collection, permission=permission)


def _fold_stock_moderators(group_model, editors) -> None:
    # Wagtail's stock group publishes everywhere: its members become editors, and it goes.
    moderators = group_model.objects.filter(name=STOCK_MODERATORS).first()
    if moderators is not None:
        editors.user_set.add(*moderators.user_set.all())
        moderators.delete()


def _set_review_workflow(apps, editors, root) -> None:
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    # Wagtail's stock task and workflow ("Moderators approval") are taken over when present.
    task = (
        task_model.objects.filter(name__in=[REVIEW_TASK, f"{STOCK_MODERATORS} approval"])
        .order_by("-name")
        .first()
    )
    if task is None:
        content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )[0]
        task = task_model.objects.create(name=REVIEW_TASK, content_type=content_type)
    task.name, task.active = REVIEW_TASK, True
    task.save()
    task.groups.set([editors])
    workflow = (
        workflow_model.objects.filter(workflow_tasks__task=task).first()
        or workflow_model.objects.filter(name=REVIEW_WORKFLOW).first()
        or workflow_model.objects.create(name=REVIEW_WORKFLOW)
    )
    workflow.name, workflow.active = REVIEW_WORKFLOW, True
    workflow.save()
    workflow_tasks = apps.get_model("wagtailcore", "WorkflowTask").objects
    if not workflow_tasks.filter(workflow=workflow, task=task).exists():
        workflow_tasks.create(workflow=workflow, task=task, sort_order=0)
    apps.get_model("wagtailcore", "WorkflowPage").objects.update_or_create(
        page=root, defaults={"workflow": workflow}
    )
