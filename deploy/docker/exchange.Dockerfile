# ncirt-exchange: the link to partner CIRTs (protobuf frames over mutual TLS on 8445; health,
# readiness and metrics over HTTPS on 8446, not published). Build from the repository's top
# folder:
#   docker build -f deploy/docker/exchange.Dockerfile -t ncirt/exchange .
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
 && cmake --build /build --target ncirt-exchange \
 && strip --strip-debug /build/services/exchange/ncirt-exchange

# Run stage: only the shared libraries ncirt-exchange links (ldd), plus curl for the health
# check (curl --cacert ... https://localhost:8446/readyz) and the CA store.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpqxx-6.4 libpq5 libssl3 libprotobuf32 libxml2 libspdlog1.10 libfmt9 \
      ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ncirt \
 && useradd --system --uid 10001 --gid ncirt --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin ncirt
COPY --from=build /build/services/exchange/ncirt-exchange /usr/local/bin/ncirt-exchange
USER 10001:10001
ENV NCIRT_EXCHANGE_LISTEN=:8445 NCIRT_EXCHANGE_ADMIN_LISTEN=:8446
EXPOSE 8445 8446
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "--cacert", "/run/secrets/ncirt_ca", \
       "https://localhost:8446/readyz"]
ENTRYPOINT ["/usr/local/bin/ncirt-exchange"]
