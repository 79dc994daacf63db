// The admin's type-ahead (select2, as Django's autocomplete_fields draw it) leaves its
// boxes without a name a screen reader can read: a single choice's box is named by the
// person chosen (nothing before one is), and the search boxes by nothing (axe:
// aria-input-field-name, label). Each is named here by its field's label, with the person
// chosen read after it, once select2 has drawn them (after the page's ready handlers,
// where Django's autocomplete.js starts select2). Its "remove all" button is moved out of
// the list of people chosen, which may hold list items only (axe: list). Its messages
// ("Searching…", "No results found") are drawn as alerts inside the list of results, which
// may hold options only (axe: aria-required-children): each becomes a disabled option, read
// out instead by a status region beside the list.
"use strict";
{
  function nameTypeAhead(select) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const container = select.nextElementSibling;
    if (!label || !container || !container.classList.contains("select2")) {
      return;
    }
    label.id = label.id || `${select.id}-label`;
    const rendered = container.querySelector(".select2-selection__rendered[id]");
    const box = container.querySelector(".select2-selection");
    if (rendered) {
      rendered.setAttribute("aria-labelledby", label.id);
      box.setAttribute("aria-labelledby", `${label.id} ${rendered.id}`);
    } else {
      box.setAttribute("aria-labelledby", label.id);
    }
    const open = document.querySelector(".select2-container--open .select2-dropdown");
    const searches = [...container.querySelectorAll(".select2-search__field")];
    const results = box.getAttribute("aria-owns");
    if (open && results && box.getAttribute("aria-expanded") === "true") {
      searches.push(...open.querySelectorAll(".select2-search__field"));
      // An open combobox names the list it controls; select2 gives it as aria-owns only.
      box.setAttribute("aria-controls", results);
    } else {
      box.removeAttribute("aria-controls");
    }
    for (const search of searches) {
      search.setAttribute("aria-labelledby", label.id);
    }
    const removeAll = container.querySelector(
      "ul.select2-selection__rendered > .select2-selection__clear",
    );
    if (removeAll) {
      box.append(removeAll);
    }
  }

  function messagesAsOptions(status) {
    for (const message of document.querySelectorAll(
      '.select2-results__options > li[role="alert"]',
    )) {
      message.setAttribute("role", "option");
      message.setAttribute("aria-disabled", "true");
      message.removeAttribute("aria-live");
      status.textContent = message.textContent;
    }
  }

  function statusRegion() {
    const status = document.createElement("div");
    status.setAttribute("role", "status");
    status.style.cssText =
      "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
    document.body.append(status);
    return status;
  }

  window.django.jQuery(() => {
    const status = statusRegion();
    new MutationObserver(() => messagesAsOptions(status)).observe(document.body, {
      childList: true,
      subtree: true,
    });
    // Django's autocomplete.js starts select2 in a ready handler of its own, added after
    // this one: name the boxes once it has run.
    window.setTimeout(() => {
      for (const select of document.querySelectorAll("select.admin-autocomplete")) {
        nameTypeAhead(select);
        // select2 draws its boxes again as people are chosen and removed.
        window.django
          .jQuery(select)
          .on("change select2:open select2:close", () => nameTypeAhead(select));
      }
    }, 0);
  });
}
