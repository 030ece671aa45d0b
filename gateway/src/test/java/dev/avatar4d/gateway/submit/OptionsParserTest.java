package dev.avatar4d.gateway.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.InvalidFieldException;
import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.OutputFormat;
import dev.avatar4d.protocol.PoseMode;
import dev.avatar4d.protocol.ViewSpec;
import org.junit.jupiter.api.Test;

class OptionsParserTest {
  private final OptionsParser parser = new OptionsParser();

  @Test
  void noOptionsMeansOneFrontViewLite256EveryPerViewFormat12Fps() {
    JobOptions o = parser.parse(null);
    assertThat(o.views()).extracting(ViewSpec::name).containsExactly("front");
    assertThat(o.model()).isEqualTo("lite");
    assertThat(o.resolution()).isEqualTo(256);
    assertThat(o.formats())
        .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.MP4, OutputFormat.DEPTH);
    assertThat(o.fps()).isEqualTo(12);
    assertThat(o.pose()).isEqualTo(PoseMode.DRIVING);
  }

  @Test
  void presetsAndExplicitViewsMixInRequestOrder() {
    JobOptions o =
        parser.parse(
            "{\"views\": [\"front\", \"orbit:8\", {\"name\": \"left45\", \"yaw\": 45, \"pitch\": 0, \"radius\": 4.2, \"fov\": 12}],"
                + " \"formats\": [\"PNG\", \"depth\"]}");
    assertThat(o.views()).hasSize(10);
    assertThat(o.views().get(9)).isEqualTo(new ViewSpec("left45", 45, 0, 4.2, 12));
    assertThat(o.formats()).containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.DEPTH);
  }

  @Test
  void aMeshIsAskedForByName() {
    assertThat(parser.parse("{\"formats\": [\"png\", \"mesh\"]}").formats())
        .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.MESH);
  }

  @Test
  void anUnknownFormatNamesItsPlaceInTheList() {
    assertField("{\"formats\": [\"mesh\", \"obj\"]}", "options.formats[1]");
  }

  @Test
  void anExplicitViewNeedsOnlyAName() {
    assertThat(parser.parse("{\"views\": [{\"name\": \"cam\"}]}").views().get(0))
        .isEqualTo(new ViewSpec("cam", 0, 0, ViewSpec.DEFAULT_RADIUS, ViewSpec.DEFAULT_FOV));
  }

  @Test
  void errorsNameTheFullPathOfTheField() {
    assertField("{\"views\": [\"front\", {\"name\": \"x\", \"fov\": 90}]}", "options.views[1].fov");
    assertField("{\"views\": [{\"yaw\": 10}]}", "options.views[0].name");
    assertField("{\"views\": [\"front\", \"front\"]}", "options.views");
    assertField("{\"views\": [7]}", "options.views[0]");
    assertField("{\"model\": \"huge\"}", "options.model");
    assertField("{\"fps\": 12.5}", "options.fps");
    assertField("{\"fps\": \"12\"}", "options.fps");
    assertField("{\"formats\": \"png\"}", "options.formats");
    assertField("[]", "options");
    assertField("{\"views\": [{\"name\": \"a\", \"roll\": 3}]}", "options.views[0].roll");
    assertField(
        "{\"views\": [\"front\", {\"name\": \"a\", \"yaw\": \"left\"}]}", "options.views[1].yaw");
    assertField(
        "{\"views\": [{\"name\": \"a\", \"pitch\": null, \"radius\": true}]}",
        "options.views[0].radius");
    assertField("{\"resolution\": 1e3}", "options.resolution");
    assertField("{\"views\": " + "[".repeat(3000) + "]".repeat(3000) + "}", "options");
  }

  @Test
  void optionsLongerThanTheLimitAreRefusedAsTooLarge() {
    String json = "{\"model\": \"lite\"" + " ".repeat(OptionsParser.MAX_CHARS) + "}";
    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(PartTooLargeException.class)
        .hasMessageStartingWith("options: ");
  }

  @Test
  void eachPoseModeIsAcceptedByItsLowerCaseNameAndAnUnknownOneNamesTheField() {
    for (PoseMode mode : PoseMode.values()) {
      assertThat(parser.parse("{\"pose\": \"" + mode.key() + "\"}").pose()).isEqualTo(mode);
    }
    assertField("{\"pose\": \"sideways\"}", "options.pose");
    assertField("{\"pose\": 3}", "options.pose");
  }

  private void assertField(String json, String field) {
    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo(field);
  }
}
