# The gateway as built by `mvn package` (Quarkus fast-jar layout).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY gateway/target/quarkus-app/ /app/
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
