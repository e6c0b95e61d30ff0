"""Where a project's parts are.

The generator works on the project in the current folder, or the one a command or a
build names: it never assumes that the project is where its own code is installed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

CONFIG = "mkdocs.yml"


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (the current folder) that holds mkdocs.yml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).exists():
            return folder
    return here


def of_config(config) -> Path:
    """The project of a loaded MkDocs configuration."""
    return Path(config.config_file_path).resolve().parent


# The generator's theme: templates, scripts, styles and interface strings, shipped in the package and
# put on the theme's search path between a campaign's overrides/ and Material (sitegen.plugin).
THEME = Path(__file__).resolve().parent / "theme"
OVERRIDES = "overrides"  # a campaign's own templates, assets and strings (mkdocs.yml theme.custom_dir)


def strings_file(root: Path) -> Path:
    """A campaign's own interface strings, read after the generator's (STRINGS); locales/ is never copied
    into the site."""
    return Path(root) / OVERRIDES / "locales" / "strings.yml"


STRINGS = THEME / "locales" / "strings.yml"
SYSTEM_DEPS = THEME.parent / "system_deps.sh"  # Debian packages, installed when root (`sitegen system-deps`)
SCAFFOLD = THEME.parent / "scaffold"  # the files `sitegen new` writes besides the pages


def theme_file(config, rel: str) -> Path | None:
    """The file the theme search path finds at `rel`: the campaign's override, the generator's, or Material's."""
    for folder in config.theme.dirs:
        if (Path(folder) / rel).is_file():
            return Path(folder) / rel
    return None


def node_tool(root: Path, name: str) -> Path:
    """A command from the project's pinned Node packages (package.json)."""
    return Path(root) / "node_modules" / ".bin" / name


def node_module(root: Path, *parts: str) -> Path:
    return Path(root).joinpath("node_modules", *parts)


def site_path(site_url: str | None) -> str:
    """Where the site starts on its host: site_url's path, ending in "/" ("/" at a host's root)."""
    return urlsplit(site_url or "").path.rstrip("/") + "/"


def relative(path, root: Path) -> str:
    """`path` as a contributor sees it: relative to the project when it is inside it."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL, from its language's root, of a page given as `folder/page.md` (an `#anchor` kept),
    as MkDocs writes it: `folder/page/` with directory URLs, `folder/page.html` without (offline)."""
    path, _, anchor = page.partition("#")
    stem = path.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name == "index":
        url = (f"{folder}/" if folder else "") + ("" if directory_urls else "index.html")
    else:
        url = f"{stem}/" if directory_urls else f"{stem}.html"
    return url + (f"#{anchor}" if anchor else "")
