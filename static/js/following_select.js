// Selects whose options go with another field of their form (core/forms.py, FollowingSelect):
// a project charter's programme wards go with its site.
//
// Without this script the select offers the options of that field's value when the page was
// drawn, and the form, sent back with another value, offers that value's and refuses any
// other. With it, changing that field (named in data-follows) asks the address in
// data-options-url, with the field's new value, for the options that go with it
// ({options: [{value, label}]}) and puts them in the select after its first option (the
// "none" choice), keeping what was selected if it is still offered.

function replaceOptions(select, options) {
  const selected = select.value;
  const kept = [...select.options].filter((option) => option.value === "");
  const offered = options.map(
    ({ value, label }) => new Option(label, value, false, String(value) === selected),
  );
  select.replaceChildren(...kept, ...offered);
}

function follow(select) {
  const name = select.dataset.follows;
  let pending = null;
  select.form?.addEventListener("change", (event) => {
    if (event.target.name !== name) return;
    // Only the latest change's answer is used: an earlier, slower one is dropped.
    pending?.abort();
    pending = new AbortController();
    const address = new URL(select.dataset.optionsUrl, window.location.href);
    address.searchParams.set(name, event.target.value);
    fetch(address, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((answer) => replaceOptions(select, answer.options))
      // The options stay as they were: the server offers the right ones if the form is sent.
      .catch(() => {});
  });
}

for (const select of document.querySelectorAll("select[data-follows][data-options-url]")) {
  follow(select);
}
