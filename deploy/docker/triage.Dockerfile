# ncirt-triage: the analysts' service (REST API and web console over HTTPS). Build from the
# repository's top folder:
#   docker build -f deploy/docker/triage.Dockerfile -t ncirt/triage .
# Build stage: Debian 12 with the build packages of deploy/local/setup.sh --print (tests off).
FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config ca-certificates \
      libboost1.81-dev libpqxx-dev libpq-dev libssl-dev libprotobuf-dev protobuf-compiler \
      libxml2-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libargon2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNCIRT_BUILD_TESTS=OFF \
 && cmake --build /build --target ncirt-triage \
 && strip --strip-debug /build/services/triage/ncirt-triage

# Run stage: only the shared libraries ncirt-triage links (ldd), plus curl for the health
# check (curl --cacert ... https://localhost:8444/readyz) and the CA store.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpqxx-6.4 libpq5 libssl3 libprotobuf32 libxml2 libspdlog1.10 libfmt9 libargon2-1 \
      ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ncirt \
 && useradd --system --uid 10001 --gid ncirt --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin ncirt
COPY --from=build /build/services/triage/ncirt-triage /usr/local/bin/ncirt-triage
USER 10001:10001
ENV NCIRT_TRIAGE_LISTEN=:8444
EXPOSE 8444
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "--cacert", "/run/secrets/ncirt_ca", \
       "https://localhost:8444/readyz"]
ENTRYPOINT ["/usr/local/bin/ncirt-triage"]
