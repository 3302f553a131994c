"""The PEP 517 build backend of weeklint-pre-commit, standard library only.

The package holds no code, so its wheel is metadata alone: the name, the
version and the dependency on the weeklint wheel, read from [project] in
pyproject.toml. pip runs this without installing any build tool, so
installing the hook downloads nothing but the weeklint wheel.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

_HERE = os.path.dirname(os.path.abspath(__file__))
# Fixed timestamps: the same source builds the same files.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _project():
    """name, version, description, requires-python and dependencies."""
    with open(os.path.join(_HERE, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    table = text.split("\n[project]\n", 1)[1].split("\n[", 1)[0]
    fields = {}
    for line in table.splitlines():
        match = re.match(r"^([A-Za-z-]+)\s*=\s*(.+?)\s*$", line)
        if match:
            fields[match.group(1)] = match.group(2)

    def string(key):
        value = fields[key]
        if not (len(value) >= 2 and value[0] == value[-1] == '"'):
            raise ValueError(f"pyproject.toml: [project] {key} must be a one-line string")
        return value[1:-1]

    return {
        "name": string("name"),
        "version": string("version"),
        "description": string("description"),
        "requires-python": string("requires-python"),
        "dependencies": re.findall(r'"([^"]+)"', fields.get("dependencies", "[]")),
    }


def _stem(project):
    """`name-version` as wheel and sdist file names spell it."""
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return f"{name}-{project['version']}"


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
    ]
    lines += [f"Requires-Dist: {dep}" for dep in project["dependencies"]]
    return "\n".join(lines) + "\n"


def _dist_info_files(project):
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: weeklint-pre-commit build_backend\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    )
    return {"METADATA": _metadata(project), "WHEEL": wheel}


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    dist_info = f"{_stem(project)}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    for name, text in _dist_info_files(project).items():
        with open(os.path.join(metadata_directory, dist_info, name), "w", encoding="utf-8") as f:
            f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    stem = _stem(project)
    dist_info = f"{stem}.dist-info"
    files = {f"{dist_info}/{name}": text.encode() for name, text in _dist_info_files(project).items()}
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()

    filename = f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as whl:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, _ZIP_TIME)
            info.external_attr = 0o644 << 16
            whl.writestr(info, data, zipfile.ZIP_DEFLATED)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    stem = _stem(project)
    filename = f"{stem}.tar.gz"
    members = {"PKG-INFO": _metadata(project).encode()}
    for name in ("pyproject.toml", "build_backend.py", ".pre-commit-hooks.yaml", "README.md"):
        path = os.path.join(_HERE, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                members[name] = f.read()
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"{stem}/{name}")
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return filename
