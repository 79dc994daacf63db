"""Copy nhsuk-frontend's compiled CSS, JS and assets from node_modules into static_build/.

The CSS refers to its images as /assets/...; served from under STATIC_URL they must be
relative, so those references are rewritten. Source maps are copied too, because the
manifest storage follows the sourceMappingURL comments and fails if they are missing.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "static_build" / "nhsuk"
FILES = [
    "nhsuk-frontend.min.css",
    "nhsuk-frontend.min.css.map",
    "nhsuk-frontend.min.js",
    "nhsuk-frontend.min.js.map",
]


def main():
    if not SOURCE.is_dir():
        sys.exit(f"{SOURCE} is missing: run `npm ci` first.")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for name in FILES:
        shutil.copy2(SOURCE / name, TARGET / name)
    css = TARGET / "nhsuk-frontend.min.css"
    css.write_text(re.sub(r"url\(/assets/", "url(assets/", css.read_text(encoding="utf-8")))
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    print(f"Copied nhsuk-frontend into {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
