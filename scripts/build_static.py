"""Copy the front-end packages' compiled files from node_modules into static_build/:
nhsuk-frontend's CSS, JS and assets, and accessible-autocomplete's JS and CSS (the people
pickers' type-ahead, core/forms.py).

nhsuk-frontend's CSS refers to its images as /assets/...; served from under STATIC_URL they
must be relative, so those references are rewritten. Source maps are copied too, because the
manifest storage follows the sourceMappingURL comments and fails if they are missing.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
BUILD = ROOT / "static_build"
NHSUK = NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"
NHSUK_FILES = [
    "nhsuk-frontend.min.css",
    "nhsuk-frontend.min.css.map",
    "nhsuk-frontend.min.js",
    "nhsuk-frontend.min.js.map",
]
AUTOCOMPLETE = NODE_MODULES / "accessible-autocomplete" / "dist"
AUTOCOMPLETE_FILES = [
    "accessible-autocomplete.min.css",
    "accessible-autocomplete.min.css.map",
    "accessible-autocomplete.min.js",
    "accessible-autocomplete.min.js.map",
]


def copy_files(source, target, names):
    if not source.is_dir():
        sys.exit(f"{source} is missing: run `npm ci` first.")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in names:
        shutil.copy2(source / name, target / name)


def main():
    nhsuk = BUILD / "nhsuk"
    copy_files(NHSUK, nhsuk, NHSUK_FILES)
    css = nhsuk / "nhsuk-frontend.min.css"
    css.write_text(re.sub(r"url\(/assets/", "url(assets/", css.read_text(encoding="utf-8")))
    shutil.copytree(NHSUK / "assets", nhsuk / "assets")
    print(f"Copied nhsuk-frontend into {nhsuk.relative_to(ROOT)}")
    autocomplete = BUILD / "accessible-autocomplete"
    copy_files(AUTOCOMPLETE, autocomplete, AUTOCOMPLETE_FILES)
    print(f"Copied accessible-autocomplete into {autocomplete.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
