# A GPU worker. Build the jars with `mvn -B -DskipTests -Pcuda package`: the cuda profile puts
# DJL's pytorch-native-cu128 natives in worker-gpu/target/lib instead of the CPU ones.
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY worker-gpu/target/lib/ /app/lib/
COPY worker-gpu/target/worker-gpu-*.jar /app/lib/
ENV DJL_OFFLINE=true
ENTRYPOINT ["java", "-Xmx8g", "-cp", "/app/lib/*", "dev.avatar4d.worker.WorkerMain"]
