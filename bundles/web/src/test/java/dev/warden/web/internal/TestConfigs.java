package dev.warden.web.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** Typed configurations for tests, the way SCR builds them: given attributes, defaults for the rest. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** Keys are attribute names as in ConfigAdmin ({@code api_token}, {@code max_upload_bytes}). */
    static WebConfig web(Map<String, ?> attributes) {
        return (WebConfig) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(), new Class<?>[] {WebConfig.class},
                (proxy, method, args) -> answer(attributes, method));
    }

    private static Object answer(Map<String, ?> attributes, Method method) {
        return switch (method.getName()) {
            case "annotationType" -> WebConfig.class;
            case "toString" -> "WebConfig" + attributes.keySet();
            case "hashCode" -> System.identityHashCode(attributes);
            case "equals" -> false;
            default -> {
                String name = method.getName();
                String key = (name.startsWith("_") && !name.startsWith("__") ? "." + name.substring(1) : name)
                        .replace("__", "_");
                yield attributes.containsKey(key) ? attributes.get(key) : method.getDefaultValue();
            }
        };
    }
}
