package dev.avatar4d.devstack.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments: positional ones in order, {@code --name value} options and {@code --wait}
 * flags. Only the names below are known; anything else is a usage error.
 */
record Arguments(List<String> positional, Map<String, String> options, Set<String> flags) {
  private static final Set<String> OPTIONS =
      Set.of(
          "views", "resolution", "formats", "pose", "model", "fps", "cancel-after", "out", "state");
  private static final Set<String> FLAGS = Set.of("wait");

  static Arguments parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      if (FLAGS.contains(name)) {
        flags.add(name);
      } else if (OPTIONS.contains(name)) {
        if (i + 1 >= args.size()) {
          throw new CommandLine.UsageException("--" + name + " needs a value");
        }
        options.put(name, args.get(++i));
      } else {
        throw new CommandLine.UsageException("unknown option --" + name);
      }
    }
    return new Arguments(List.copyOf(positional), Map.copyOf(options), Set.copyOf(flags));
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }
}
