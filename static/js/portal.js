// Loaded as a module, so it runs only in browsers that nhsuk-frontend supports: the
// same test the NHS.UK template makes with an inline script, which a CSP would forbid.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
