// Wagtail counts the errors on each tab of the editor when the page loads, before the
// StreamField blocks (the related articles, the body) have rendered theirs: a refused
// related item would show on its field but not on its tab. Each panel and block that
// renders announces itself with "wagtail:panel-init"; count the tabs' errors again then.
(() => {
  let pending = null;
  const recount = () => {
    pending = null;
    document.querySelectorAll('.w-tabs__errors[data-controller~="w-count"]').forEach((element) => {
      window.wagtail.app.getControllerForElementAndIdentifier(element, "w-count")?.count();
    });
  };
  document.addEventListener("wagtail:panel-init", () => {
    pending ??= window.setTimeout(recount, 0);
  });
})();
