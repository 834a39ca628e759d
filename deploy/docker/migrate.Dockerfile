# ncirt-migrate: the one-shot job that brings the database to this build's schema (the
# migrations are compiled in). Build from the repository's top folder:
#   docker build -f deploy/docker/migrate.Dockerfile -t ncirt/migrate .
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
 && cmake --build /build --target ncirt-migrate \
 && strip --strip-debug /build/services/migrate/ncirt-migrate

# Run stage: only the shared libraries ncirt-migrate links (ldd).
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpqxx-6.4 libpq5 libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ncirt \
 && useradd --system --uid 10001 --gid ncirt --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin ncirt
COPY --from=build /build/services/migrate/ncirt-migrate /usr/local/bin/ncirt-migrate
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/ncirt-migrate"]
