#!/usr/bin/env python3
"""Builds the container image's base without a Docker daemon or a registry: a docker-save tarball holding one layer
with a jlink'ed Java runtime (from the JDK 21+ running this build), the glibc libraries it links against (taken from
this machine), /etc/passwd with the non-root user 10001 'imagegate', and /tmp, /config and /data. Its config carries
the health check (Jib cannot declare one, but keeps the base image's). Jib builds the app layers on top of it
(cli/pom.xml, profile 'image').

usage: base-image.py JAVA_HOME|auto OUTPUT_TAR    (auto: the JDK 21+ that ./imagegate finds)
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

MODULES = ("java.base,java.logging,java.sql,java.naming,java.net.http,java.management,java.xml,"
           "java.security.jgss,java.security.sasl,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,"
           "jdk.incubator.vector,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.jfr")
USER = 10001
HEALTH = ["CMD", "/opt/java/bin/java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", "@/app/jib-classpath-file",
          "dev.imagegate.cli.HealthProbe", "http://127.0.0.1:4000/health/liveliness"]
SECOND = 1_000_000_000


def jlink(java_home, out):
    subprocess.run([os.path.join(java_home, "bin", "jlink"), "--add-modules", MODULES, "--strip-debug",
                    "--no-header-files", "--no-man-pages", "--compress", "zip-6", "--output", out], check=True)


def linked_libraries(root):
    """Every shared library the runtime's binaries and libraries link against, by the path the loader uses."""
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if not (name.endswith(".so") or folder.endswith("/bin")):
                continue
            out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if "=>" in parts and len(parts) > parts.index("=>") + 1 and parts[parts.index("=>") + 1].startswith("/"):
                    found.add(parts[parts.index("=>") + 1])
                elif parts and parts[0].startswith("/"):
                    found.add(parts[0])
    inside = os.path.realpath(root) + "/"
    return sorted(p for p in found if not os.path.realpath(p).startswith(inside))


def info(name, mode, uid=0, kind=tarfile.REGTYPE, size=0):
    entry = tarfile.TarInfo(name)
    entry.mode, entry.uid, entry.gid, entry.type, entry.size, entry.mtime = mode, uid, uid, kind, size, 0
    return entry


def add_text(tar, name, text):
    data = text.encode()
    tar.addfile(info(name, 0o644, size=len(data)), io.BytesIO(data))


def add_tree(tar, source, target):
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        rel = os.path.relpath(folder, source)
        base = target if rel == "." else target + "/" + rel
        tar.addfile(info(base, 0o755, kind=tarfile.DIRTYPE))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                link = info(base + "/" + name, 0o777, kind=tarfile.SYMTYPE)
                link.linkname = os.readlink(path)
                tar.addfile(link)
            else:
                with open(path, "rb") as f:
                    tar.addfile(info(base + "/" + name, os.stat(path).st_mode & 0o777, size=os.path.getsize(path)), f)


def layer(jre):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for folder in ["etc", "opt", "lib", "lib64", "usr", "usr/lib"]:
            tar.addfile(info(folder, 0o755, kind=tarfile.DIRTYPE))
        tar.addfile(info("tmp", 0o1777, kind=tarfile.DIRTYPE))
        for folder in ["config", "data"]:
            tar.addfile(info(folder, 0o755, uid=USER, kind=tarfile.DIRTYPE))
        add_text(tar, "etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"
                 f"imagegate:x:{USER}:{USER}:imagegate:/data:/sbin/nologin\n")
        add_text(tar, "etc/group", f"root:x:0:\nimagegate:x:{USER}:\n")
        add_text(tar, "etc/hosts", "127.0.0.1 localhost\n::1 localhost\n")
        add_text(tar, "etc/nsswitch.conf", "hosts: files dns\n")
        add_tree(tar, jre, "opt/java")
        added = set()
        for library in linked_libraries(jre):
            parent = os.path.dirname(library).lstrip("/")
            for i in range(1, len(parent.split("/")) + 1):
                folder = "/".join(parent.split("/")[:i])
                if folder not in added and folder not in ("lib", "lib64", "usr", "usr/lib"):
                    tar.addfile(info(folder, 0o755, kind=tarfile.DIRTYPE))
                    added.add(folder)
            real = os.path.realpath(library)
            with open(real, "rb") as f:
                tar.addfile(info(library.lstrip("/"), 0o755, size=os.path.getsize(real)), f)
    return buffer.getvalue()


def main(java_home, output):
    if java_home == "auto":
        launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "imagegate")
        java = subprocess.run(["sh", launcher, "--print-java"], capture_output=True, text=True, check=True).stdout
        java_home = os.path.dirname(os.path.dirname(java.strip().splitlines()[-1]))
    with tempfile.TemporaryDirectory() as work:
        jre = os.path.join(work, "jre")
        jlink(java_home, jre)
        data = layer(jre)
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    config = {"architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
              "config": {"Env": ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java"],
                         "Healthcheck": {"Test": HEALTH, "Interval": 30 * SECOND, "Timeout": 10 * SECOND,
                                         "StartPeriod": 30 * SECOND, "Retries": 3}},
              "rootfs": {"type": "layers", "diff_ids": [digest]},
              "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "cli/src/image/base-image.py"}]}
    config_bytes = json.dumps(config, sort_keys=True).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": ["imagegate-base:local"],
                            "Layers": ["layer.tar"]}]).encode()
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with tarfile.open(output, "w") as tar:
        for name, content in (("layer.tar", data), ("config.json", config_bytes), ("manifest.json", manifest)):
            tar.addfile(info(name, 0o644, size=len(content)), io.BytesIO(content))
    print(f"base image: {output} ({len(data) // (1024 * 1024)} MB layer, {digest[:19]})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
