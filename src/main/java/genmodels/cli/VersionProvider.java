package genmodels.cli;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import picocli.CommandLine;

/** {@code genmodels --version}: read from the jar manifest, without starting the engine. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws Exception {
        String version = "dev";
        String djl = "?";
        String pytorch = "?";
        try (var in = Main.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            if (in != null) {
                Attributes a = new Manifest(in).getMainAttributes();
                if ("genmodels".equals(a.getValue("Implementation-Title"))) {
                    version = a.getValue("Implementation-Version");
                    djl = a.getValue("DJL-Version");
                    pytorch = a.getValue("PyTorch-Version");
                }
            }
        }
        return new String[] {
            "genmodels " + version,
            "DJL " + djl + ", PyTorch " + pytorch + ", Java " + System.getProperty("java.version")
        };
    }
}
