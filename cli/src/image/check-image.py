#!/usr/bin/env python3
"""Checks the image tarball Jib built, then runs it without a container runtime: the layers are unpacked into a
folder and the image's own entrypoint runs there in a chroot as the image's user (needs root), on a free port. It
must answer /health/liveliness, generate an image with the quickstart's mock model, and pass its own health check.

usage: check-image.py IMAGE_TAR [--run]
"""
import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request


def fail(message):
    print("image check FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def read(tar, name):
    return json.load(tar.extractfile(name))


def check_config(config):
    c = config["config"]
    expect = {
        "user is non-root 10001:10001": c.get("User") == "10001:10001",
        "exposes 4000/tcp": "4000/tcp" in (c.get("ExposedPorts") or {}),
        "volumes /config and /data": {"/config", "/data"} <= set((c.get("Volumes") or {}).keys()),
        "working directory /data": c.get("WorkingDir") == "/data",
        "entrypoint runs java ... dev.imagegate.cli.Main": (c.get("Entrypoint") or [""])[0] == "java"
            and c["Entrypoint"][-1] == "dev.imagegate.cli.Main",
        "the vector module is on": "--add-modules=jdk.incubator.vector" in c.get("Entrypoint", []),
        "command is serve": c.get("Cmd") == ["serve"],
        "health check probes /health/liveliness": any("/health/liveliness" in part
                                                      for part in (c.get("Healthcheck") or {}).get("Test", [])),
        "java on PATH": any(e.startswith("PATH=/opt/java/bin") for e in c.get("Env", [])),
    }
    for what, ok in expect.items():
        print(("ok    " if ok else "WRONG ") + what)
    if not all(expect.values()):
        fail("config: " + json.dumps(c, indent=1))


def unpack(tar, manifest, root):
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=tar.extractfile(layer), mode="r:*") as inner:
            inner.extractall(root, filter="fully_trusted")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, body=None):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def inside(root, user, workdir):
    """Enters the unpacked image as its container runtime would: new root, working directory, user and group."""
    uid, gid = (int(x) for x in user.split(":"))

    def enter():
        os.chroot(root)
        os.chdir(workdir)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    return enter


def run(config, root):
    c = config["config"]
    port = free_port()
    env = dict(e.split("=", 1) for e in c["Env"])
    env["PORT"] = str(port)
    user = c["User"]
    os.chmod(root, 0o755)  # the temporary folder is 0700: the image user must be able to enter its own root
    os.chmod(os.path.join(root, "tmp"), 0o1777)
    command = ["/opt/java/bin/java"] + c["Entrypoint"][1:] + c["Cmd"]
    process = subprocess.Popen(command, env=env, preexec_fn=inside(root, user, c["WorkingDir"]),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while True:
            try:
                status, _ = get(base + "/health/liveliness")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.time() > deadline:
                fail("the gateway in the image did not start:\n" + (process.stdout.read() if process.poll() is not None else ""))
            time.sleep(0.5)
        print(f"ok    the image's gateway answers {base}/health/liveliness as user {user}")
        status, body = get(base + "/v1/images/generations",
                           b'{"model":"mock/imagegate-demo","prompt":"a lighthouse","size":"64x64"}')
        if status != 200 or b"b64_json" not in body:
            fail("generation answered %d %r" % (status, body[:200]))
        print("ok    generated an image with mock/imagegate-demo")
        test = [part.replace("127.0.0.1:4000", f"127.0.0.1:{port}") for part in c["Healthcheck"]["Test"][1:]]
        probe = subprocess.run(test, env=env, preexec_fn=inside(root, user, "/"), capture_output=True, text=True)
        if probe.returncode != 0:
            fail("the image's health check exited %d: %s" % (probe.returncode, probe.stderr))
        print("ok    the image's health check passes")
    finally:
        process.terminate()
        process.wait(timeout=60)


def main(path, run_it):
    with tarfile.open(path) as tar:
        manifest = read(tar, "manifest.json")[0]
        config = read(tar, manifest["Config"])
        check_config(config)
        if run_it:
            with tempfile.TemporaryDirectory() as root:
                unpack(tar, manifest, root)
                # as a container runtime does: the JVM finds its libraries through /proc/self/exe ($ORIGIN)
                os.makedirs(os.path.join(root, "proc"), exist_ok=True)
                subprocess.run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")], check=True)
                try:
                    run(config, root)
                finally:
                    subprocess.run(["umount", os.path.join(root, "proc")], check=True)
    print("image check passed: " + path)


if __name__ == "__main__":
    main(sys.argv[1], "--run" in sys.argv[2:])
