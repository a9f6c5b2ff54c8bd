package dev.warden.tool;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Configuration objects for the agent's DS components outside OSGi. Their configuration types are
 * annotations; SCR hands a component a proxy that answers each property or its default, and this
 * does the same, so the components are built through their one public constructor with exactly
 * the agent's defaults.
 */
final class ComponentConfigs {

    private ComponentConfigs() {
    }

    /** The annotation type named {@code className}, loaded from the jar that defines it (it may be package-private). */
    static Class<?> type(String className) {
        try {
            return Class.forName(className, false, ComponentConfigs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the agent's " + className + " is not on the class path", e);
        }
    }

    /** A config of {@code type} answering {@code overrides} by method name and every other property with its default. */
    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, Object> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer(type, method, overrides));
    }

    private static Object answer(Class<?> type, Method method, Map<String, Object> overrides) {
        switch (method.getName()) {
            case "annotationType":
                return type;
            case "toString":
                return type.getSimpleName() + overrides;
            case "hashCode":
                return System.identityHashCode(overrides);
            case "equals":
                return false;
            default:
                Object value = overrides.get(method.getName());
                return value != null ? value : method.getDefaultValue();
        }
    }
}
