package genmodels.io;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of this tool and of what it runs on, recorded in every checkpoint. */
public final class Versions {

    private Versions() {}

    /** @return this tool's version from the jar manifest, or {@code dev} when run from classes */
    public static String genmodels() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** @return genmodels, DJL, engine and Java versions (starts the engine if needed) */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("genmodels", genmodels());
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
