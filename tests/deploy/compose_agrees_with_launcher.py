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


LISTEN = re.compile(r'(NCIRT_[A-Z]+_(?:ADMIN_)?LISTEN)="[^"]*:\$(\w+)"')


def launcher_model(src):
    """Programs the launcher starts (a start_NAME function each) or runs as a job (the
    migrations), the NCIRT_* names it gives each, and the shell variable holding each
    listener's port and the port of the URL it waits on for readiness."""
    text = (src / "deploy/local/ncirt.sh").read_text()
    started = re.findall(r"^start_([a-z]+)\(\) \{", text, re.M)
    jobs = re.findall(r'services/([a-z]+)/ncirt-\1', text)
    pg_env = (src / "deploy/local/pg.sh").read_text()
    database_names = set(re.findall(r'printf "(NCIRT_[A-Z0-9_]+)=', pg_env))
    model = {}
    for program in sorted(set(started) | set(jobs)):
        body = re.search(r"^start_%s\(\) \{\n(.*?)^\}" % program, text, re.S | re.M)
        if body:
            names = set(NCIRT_VAR.findall(body.group(1)))
            listeners = dict(LISTEN.findall(body.group(1)))
            url = re.search(r'%s_url="https://[^"]*:\$(\w+)"' % program, body.group(1))
            model[program] = {"names": names, "listeners": listeners,
                              "ready_port_var": url.group(1) if url else None}
        else:
            # A job the launcher runs with var/ncirt.env: the database settings of pg.sh env.
            model[program] = {"names": database_names, "listeners": {}, "ready_port_var": None}
    return model


def declared_names(src, build, program):
    """The NCIRT_* names `ncirt-PROGRAM --help` lists, or None while the program's main.cpp is
    not in this checkout yet (a service being written on another branch)."""
    binary = build / "services" / program / ("ncirt-" + program)
    if not binary.exists():
        if not (src / "services" / program / "main.cpp").exists():
            return None
        raise SystemExit("%s is not built; build it first (the test command builds all)" % binary)
    out = subprocess.run([str(binary), "--help"], check=True, capture_output=True, text=True)
    return set(re.findall(r"\b(NCIRT_[A-Z0-9_]+)\b", out.stdout))


def container_port(listen):
    return listen.rsplit(":", 1)[1]


def ready_listener(program, listeners):
    """The listener health checks ask: the admin listener when the program has one."""
    admin = "NCIRT_%s_ADMIN_LISTEN" % program.upper()
    return admin if admin in listeners else "NCIRT_%s_LISTEN" % program.upper()


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
        if declared.get(program) is not None and not names <= declared[program]:
            problems.append("%s: %s not declared by ncirt-%s --help" % (
                name, sorted(names - declared[program]), program))
        listeners = {k: container_port(v) for k, v in env.items() if k.endswith("_LISTEN")}
        main = "NCIRT_%s_LISTEN" % program.upper()
        if main not in listeners:
            if service.get("ports"):
                problems.append("%s publishes ports but has no listener" % name)
            continue
        # Only the listener outsiders use is published; an admin listener never is.
        published = [str(p).rsplit(":", 1)[1] for p in service.get("ports", [])]
        if published != [listeners[main]]:
            problems.append("%s: publishes %s but only %s (%s) should be" % (
                name, published, listeners[main], main))
        ready = ready_listener(program, listeners)
        check_cmd = " ".join(service.get("healthcheck", {}).get("test", []))
        if ":%s/readyz" % listeners[ready] not in check_cmd:
            problems.append("%s: health check '%s' does not ask %s's port %s"
                            % (name, check_cmd, ready, listeners[ready]))
        docker = dockerfiles.get(program, "")
        for var, port in listeners.items():
            if not re.search(r"^EXPOSE .*\b%s\b" % port, docker, re.M) or \
                    "%s=:%s" % (var, port) not in docker:
                problems.append("%s: deploy/docker/%s.Dockerfile does not expose %s and set %s"
                                % (name, program, port, var))
        if program in launcher:
            local = launcher[program]
            if set(local["listeners"]) != set(listeners):
                problems.append("%s: compose has listeners %s, the launcher %s" % (
                    name, sorted(listeners), sorted(local["listeners"])))
            ready_var = local["listeners"].get(ready)
            if not ready_var or ready_var != local["ready_port_var"]:
                problems.append("launcher: %s's %s port is $%s but it waits on $%s"
                                % (program, ready, ready_var, local["ready_port_var"]))
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
        "an admin listener published": lambda c: c["services"]["exchange"]["ports"].append(
            "8446:8446"),
        "a health check on the partner port": lambda c: c["services"]["exchange"][
            "healthcheck"].update({"test": ["CMD", "curl", "https://localhost:8445/readyz"]}),
        "triage's health check on another port": lambda c: c["services"]["triage"][
            "healthcheck"].update({"test": ["CMD", "curl", "https://localhost:8443/readyz"]}),
        "a service the launcher does not run": lambda c: c["services"].update(
            {"reporter": {"image": "ncirt/reporter:latest"}}),
        "a service the launcher runs missing": lambda c: c["services"].pop("triage"),
        "the second CIRT drifting": lambda c: c["services"]["intake-b"]["environment"].pop(
            "NCIRT_LOG_LEVEL"),
        "the second CIRT's exchange drifting": lambda c: c["services"]["exchange-b"][
            "environment"].pop("NCIRT_EXCHANGE_CA_FILE"),
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
    declared = {p: declared_names(src, build, p) for p in launcher}
    for program in sorted(p for p, names in declared.items() if names is None):
        print("note: services/%s/main.cpp is not in this checkout yet; its variables are checked "
              "against the launcher only" % program)
    dockerfiles = {p.name.removesuffix(".Dockerfile"): p.read_text()
                   for p in (src / "deploy/docker").glob("*.Dockerfile")}
    problems = check(compose, launcher, declared, dockerfiles)
    for p in problems:
        print("drift: " + p)
    if problems:
        return 1
    print("compose and launcher agree: %s" % ", ".join(
        "%s (%d NCIRT_* variables, %d listeners)" % (p, len(m["names"]), len(m["listeners"]))
        for p, m in sorted(launcher.items())))
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
