#!/usr/bin/env python3
"""Asserts that docker-compose.yml and deploy/local/ncirt.sh start the same programs with the
same NCIRT_* variables on consistent ports, and that every NCIRT_* variable compose sets is one
the program declares (its --help). Issue 8: the two must not drift apart.

usage: compose_agrees_with_launcher.py SOURCE_DIR BUILD_DIR [--self-test]
--self-test breaks a copy of the compose model in each way a drift would, and passes only if
every break is caught (so the check itself is shown able to fail).
"""
import copy
import pathlib
import re
import subprocess
import sys

import yaml

NCIRT_VAR = re.compile(r"\b(NCIRT_[A-Z0-9_]+)=")


def launcher_model(src):
    """Programs the launcher starts and the NCIRT_* names it gives each."""
    text = (src / "deploy/local/ncirt.sh").read_text()
    programs = sorted(set(re.findall(r'services/([a-z]+)/ncirt-\1', text)))
    pg_env = (src / "deploy/local/pg.sh").read_text()
    database_names = set(re.findall(r'printf "(NCIRT_[A-Z0-9_]+)=', pg_env))
    model = {}
    for program in programs:
        body = re.search(r"^start_%s\(\) \{\n(.*?)^\}" % program, text, re.S | re.M)
        if body:
            names = set(NCIRT_VAR.findall(body.group(1)))
            # The listener's port and the URL clients are given must be the same variable.
            listen = re.search(r'NCIRT_%s_LISTEN="[^"]*:\$(\w+)"' % program.upper(), body.group(1))
            url = re.search(r'%s_url="https://[^"]*:\$(\w+)"' % program, body.group(1))
            ports = (listen.group(1) if listen else None, url.group(1) if url else None)
        else:
            # A job the launcher runs with var/ncirt.env: the database settings of pg.sh env.
            names, ports = database_names, None
        model[program] = {"names": names, "ports": ports}
    return model


def declared_names(build, program):
    binary = build / "services" / program / ("ncirt-" + program)
    if not binary.exists():
        raise SystemExit("%s is not built; build it first (the test command builds all)" % binary)
    out = subprocess.run([str(binary), "--help"], check=True, capture_output=True, text=True)
    return set(re.findall(r"\b(NCIRT_[A-Z0-9_]+)\b", out.stdout))


def container_port(listen):
    return listen.rsplit(":", 1)[1]


def check(compose, launcher, declared, dockerfiles):
    """Every disagreement, as sentences naming the service and the variable or port."""
    problems = []
    services = compose["services"]
    ncirt = {n: s for n, s in services.items() if str(s.get("image", "")).startswith("ncirt/")}
    first = {n for n in ncirt if not n.endswith("-b")}
    if first != set(launcher):
        problems.append("compose runs %s but the launcher runs %s"
                        % (sorted(first), sorted(launcher)))
    for name, service in ncirt.items():
        program = name.removesuffix("-b")
        if service["image"] != "ncirt/%s:latest" % program:
            problems.append("%s: image %s is not ncirt/%s" % (name, service["image"], program))
        env = service.get("environment") or {}
        names = {k for k in env if k.startswith("NCIRT_")}
        if program in launcher and names != launcher[program]["names"]:
            problems.append("%s: compose sets %s, the launcher sets %s" % (
                name, sorted(names), sorted(launcher[program]["names"])))
        if program in declared and not names <= declared[program]:
            problems.append("%s: %s not declared by ncirt-%s --help" % (
                name, sorted(names - declared[program]), program))
        listen = env.get("NCIRT_%s_LISTEN" % program.upper())
        if listen is None:
            if service.get("ports"):
                problems.append("%s publishes ports but has no listener" % name)
            continue
        port = container_port(listen)
        published = [str(p).rsplit(":", 1)[1] for p in service.get("ports", [])]
        if published != [port]:
            problems.append("%s: publishes %s but listens on %s" % (name, published, port))
        check_cmd = " ".join(service.get("healthcheck", {}).get("test", []))
        if ":%s/readyz" % port not in check_cmd:
            problems.append("%s: health check '%s' does not ask port %s" % (name, check_cmd, port))
        docker = dockerfiles.get(program, "")
        if "EXPOSE %s" % port not in docker or "NCIRT_%s_LISTEN=:%s" % (
                program.upper(), port) not in docker:
            problems.append("%s: deploy/docker/%s.Dockerfile does not expose and listen on %s"
                            % (name, program, port))
        if program in launcher:
            listen_var, url_var = launcher[program]["ports"]
            if not listen_var or listen_var != url_var:
                problems.append("launcher: %s listens on $%s but clients get $%s"
                                % (program, listen_var, url_var))
    return problems


def self_test(compose, launcher, declared, dockerfiles):
    breaks = {
        "a variable the launcher does not set": lambda c: c["services"]["intake"][
            "environment"].update({"NCIRT_INTAKE_EXTRA": "1"}),
        "a variable renamed": lambda c: c["services"]["migrate"]["environment"].update(
            {"NCIRT_DATABASE_URI": c["services"]["migrate"]["environment"].pop(
                "NCIRT_DATABASE_URL")}),
        "a published port that is not the listener's": lambda c: c["services"]["intake"].update(
            {"ports": ["8443:9443"]}),
        "a service the launcher does not run": lambda c: c["services"].update(
            {"triage": {"image": "ncirt/triage:latest"}}),
        "the second CIRT drifting": lambda c: c["services"]["intake-b"]["environment"].pop(
            "NCIRT_LOG_LEVEL"),
    }
    failed = []
    for what, mutate in breaks.items():
        broken = copy.deepcopy(compose)
        mutate(broken)
        if not check(broken, launcher, declared, dockerfiles):
            failed.append(what)
    return failed


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    src, build = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    compose = yaml.safe_load((src / "docker-compose.yml").read_text())
    launcher = launcher_model(src)
    declared = {p: declared_names(build, p) for p in launcher}
    dockerfiles = {p.name.removesuffix(".Dockerfile"): p.read_text()
                   for p in (src / "deploy/docker").glob("*.Dockerfile")}
    problems = check(compose, launcher, declared, dockerfiles)
    for p in problems:
        print("drift: " + p)
    if problems:
        return 1
    print("compose and launcher agree: %s" % ", ".join(
        "%s (%d NCIRT_* variables)" % (p, len(m["names"])) for p, m in sorted(launcher.items())))
    if len(sys.argv) == 4 and sys.argv[3] == "--self-test":
        missed = self_test(compose, launcher, declared, dockerfiles)
        for what in missed:
            print("self-test: the check did not notice " + what)
        if missed:
            return 1
        print("self-test: every injected drift was caught")
    return 0


if __name__ == "__main__":
    sys.exit(main())
