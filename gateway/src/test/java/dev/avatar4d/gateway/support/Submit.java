package dev.avatar4d.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Builds {@code POST /v1/jobs} multipart requests. */
public final class Submit {
  private final RequestSpecification request = given();

  private Submit() {}

  /** A request with nothing in it yet. */
  public static Submit job() {
    return new Submit();
  }

  /** A valid request: one PNG source and {@code frames} PNG driving frames. */
  public static Submit valid(int frames) {
    Submit s = job().source(Images.png(0));
    for (int i = 0; i < frames; i++) {
      s.driving(Images.png(i + 1));
    }
    return s;
  }

  public Submit source(byte[] image) {
    request.multiPart("source", "source.png", image, "image/png");
    return this;
  }

  public Submit driving(byte[] image) {
    request.multiPart("driving", "frame.png", image, "image/png");
    return this;
  }

  /** Sends the request with {@code key} instead of the default tenant's. */
  public Submit withKey(String key) {
    request.header("Authorization", TestKeys.bearer(key));
    return this;
  }

  /** Adds a request header. */
  public Submit header(String name, String value) {
    request.header(name, value);
    return this;
  }

  public Submit options(String json) {
    request.multiPart("options", json, "application/json");
    return this;
  }

  /** Sends the request. */
  public ValidatableResponse post() {
    return request.when().post("/v1/jobs").then();
  }

  /** Sends it, expects 202, and returns the new job's id. */
  public UUID accepted() {
    return UUID.fromString(post().statusCode(202).extract().path("id"));
  }
}
