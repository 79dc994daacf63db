// Type-ahead for the pickers (core/forms.py, Picker: people, QSIR cohorts), with alphagov's
// accessible-autocomplete over the search endpoint each picker names in data-search-url
// (people:staff_search, improvement:charter_cohorts), which answers {results: [{id, name,
// details}]}.
//
// Without this script a picker is a text box the form resolves on the server, asking which
// record is meant when several match. With it, the box suggests records as the user types,
// each with what tells it apart (a person's job title, department and site; a cohort's site
// and dates); choosing one puts its id in the field's hidden input (one record) or adds it
// to the list of people chosen, each with a remove button (several people). The box still
// posts what was typed as "<name>-name", so a name typed and not chosen is resolved on the
// server as without JavaScript. The form's inputs named in data-search-with go with each
// search, so the suggestions follow what the user has changed on the form (a project's
// site and start date) before saving.

const accessibleAutocomplete = window.accessibleAutocomplete;

const ESCAPED = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (character) => ESCAPED[character]);
}

// The menu shows each record's name and, under it, what tells it apart. The suggestion
// template's HTML is the component's to insert, so everything in it is escaped here.
const templates = {
  inputValue: (record) => (record && typeof record === "object" ? record.name : record || ""),
  suggestion: (record) =>
    typeof record === "string"
      ? escapeHtml(record)
      : `${escapeHtml(record.name)}<span class="portal-picker__option-details">${escapeHtml(record.details)}</span>`,
};

function search(picker) {
  let pending = null;
  const sentWith = (picker.dataset.searchWith || "").split(" ").filter(Boolean);
  return (query, populateResults) => {
    // Only the latest query's answer is shown: an earlier, slower one is dropped.
    pending?.abort();
    pending = new AbortController();
    // The search's address may already ask for something: a group of staff (?among=…),
    // or to leave out the person searching (?not_me=1).
    const address = new URL(picker.dataset.searchUrl, window.location.href);
    address.searchParams.set("q", query);
    const form = picker.closest("form");
    if (form) {
      const values = new FormData(form);
      for (const name of sentWith) {
        for (const value of values.getAll(name)) address.searchParams.append(name, value);
      }
    }
    fetch(address, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((answer) => populateResults(answer.results))
      .catch((error) => {
        if (error.name !== "AbortError") populateResults([]);
      });
  };
}

// The component sets the input's aria-describedby to its own hint, and removes it once the
// user types; the field's hint, error message and chosen record's details must stay.
function keepDescriptions(input, ids) {
  const wanted = ids.filter(Boolean);
  if (!wanted.length) return;
  const describe = () => {
    const current = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    const missing = wanted.filter((id) => !current.includes(id));
    if (missing.length) input.setAttribute("aria-describedby", [...current, ...missing].join(" "));
  };
  new MutationObserver(describe).observe(input, {
    attributes: true,
    attributeFilter: ["aria-describedby"],
  });
  describe();
}

// Replaces the picker's text box with the type-ahead, keeping its id, name, value, classes
// and descriptions; returns the new input.
function typeAhead(picker, box, { id, name, value, classes, describedBy, onConfirm }) {
  box.replaceChildren();
  accessibleAutocomplete({
    element: box,
    id,
    name,
    defaultValue: value,
    source: search(picker),
    minLength: 2,
    templates,
    inputClasses: classes,
    menuClasses: "portal-picker__menu",
    displayMenu: "overlay",
    confirmOnBlur: false,
    showNoOptionsFound: true,
    tNoResults: () => picker.dataset.noResults,
    tStatusQueryTooShort: (minimum) =>
      `Type ${minimum} or more characters to see ${picker.dataset.many}`,
    tStatusNoResults: () => picker.dataset.noResults,
    tStatusSelectedOption: (selected, length, index) =>
      `${selected} ${index + 1} of ${length} is highlighted`,
    tStatusResults: (length, contentSelectedOption) =>
      `${length} ${length === 1 ? `${picker.dataset.one} is` : `${picker.dataset.many} are`} available. ${contentSelectedOption}`,
    onConfirm,
  });
  const input = box.querySelector("input");
  keepDescriptions(input, describedBy);
  return input;
}

function announce(picker, message) {
  picker.querySelector("[data-picker-status]").textContent = message;
}

function enhanceOne(picker) {
  const name = picker.dataset.name;
  const box = picker.querySelector("[data-picker-box]");
  const original = box.querySelector("input");
  const details = picker.querySelector("[data-picker-details]");
  typeAhead(picker, box, {
    id: original.id,
    name: original.name,
    value: original.value,
    classes: original.className,
    describedBy: (original.getAttribute("aria-describedby") || "").split(" "),
    onConfirm: (record) => {
      if (!record || typeof record !== "object") return;
      let chosen = picker.querySelector("[data-picker-id]");
      if (!chosen) {
        chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = name;
        chosen.dataset.pickerId = "";
        picker.prepend(chosen);
      }
      chosen.value = record.id;
      for (const radio of picker.querySelectorAll(`input[type="radio"][name="${name}"]`)) {
        radio.checked = false;
      }
      details.textContent = record.details;
    },
  });
}

function chosenItem(picker, person, addInput) {
  const item = document.createElement("li");
  item.className = "portal-picker__item";
  const id = document.createElement("input");
  id.type = "hidden";
  id.name = picker.dataset.name;
  id.value = person.id;
  const who = document.createElement("span");
  who.className = "portal-picker__who";
  who.textContent = person.name;
  if (person.details) {
    const details = document.createElement("span");
    details.className = "portal-picker__item-details";
    details.textContent = person.details;
    who.append(details);
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small portal-picker__remove";
  remove.append("Remove");
  const whom = document.createElement("span");
  whom.className = "nhsuk-u-visually-hidden";
  whom.textContent = ` ${person.name}`;
  remove.append(whom);
  remove.addEventListener("click", () => {
    item.remove();
    announce(picker, `${person.name} removed`);
    addInput().focus();
  });
  item.append(id, who, remove);
  return item;
}

function enhanceSeveral(picker) {
  const box = picker.querySelector("[data-picker-box]");
  const original = box.querySelector("input");
  const list = document.createElement("ul");
  list.className = "nhsuk-list portal-picker__list";
  list.setAttribute("aria-label", "People chosen");
  let input = original;
  const addInput = () => input;
  // The ticked boxes become a list with remove buttons; boxes offered to choose from
  // (when a typed name matched several people) stay as they are.
  const chosen = picker.querySelector("[data-picker-chosen]");
  for (const checkbox of chosen.querySelectorAll('input[type="checkbox"]:checked')) {
    const label = chosen.querySelector(`label[for="${checkbox.id}"]`);
    const hint = checkbox.parentElement.querySelector(".nhsuk-checkboxes__hint");
    const person = {
      id: checkbox.value,
      name: label.textContent.trim(),
      details: hint ? hint.textContent.trim() : "",
    };
    list.append(chosenItem(picker, person, addInput));
  }
  chosen.replaceWith(list);
  picker.querySelector("[data-picker-untick]")?.remove();
  picker.querySelector("[data-picker-add-hint]").textContent =
    "Type part of their name, then choose them from the list. Add as many people as you need.";
  const settings = {
    id: original.id,
    name: original.name,
    classes: original.className,
    describedBy: (original.getAttribute("aria-describedby") || "").split(" "),
  };
  const add = (value) => {
    input = typeAhead(picker, box, {
      ...settings,
      value,
      onConfirm: (person) => {
        if (!person || typeof person !== "object") return;
        const ids = [...list.querySelectorAll("input")].map((given) => given.value);
        if (ids.includes(String(person.id))) {
          announce(picker, `${person.name} is already chosen`);
        } else {
          list.append(chosenItem(picker, person, addInput));
          announce(picker, `${person.name} added`);
        }
        // A fresh, empty box for the next person, once the component has finished with
        // the choice just made.
        setTimeout(() => {
          add("");
          input.focus();
        });
      },
    });
  };
  add(original.value);
}

if (accessibleAutocomplete) {
  for (const picker of document.querySelectorAll("[data-picker]")) {
    if ("multiple" in picker.dataset) {
      enhanceSeveral(picker);
    } else {
      enhanceOne(picker);
    }
  }
}
