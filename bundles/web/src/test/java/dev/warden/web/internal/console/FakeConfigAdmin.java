package dev.warden.web.internal.console;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** A ConfigAdmin holding one configuration, enough for the console's lookups. */
final class FakeConfigAdmin {

    private FakeConfigAdmin() {
    }

    static ConfigurationAdmin with(String pid, String idProperty) {
        Dictionary<String, Object> props = new Hashtable<>();
        if (idProperty != null) {
            props.put("id", idProperty);
        }
        Configuration configuration = (Configuration) Proxy.newProxyInstance(FakeConfigAdmin.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (p, m, args) -> switch (m.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> props;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(FakeConfigAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, args) -> switch (m.getName()) {
                    case "listConfigurations" -> ((String) args[0]).contains("dev.warden.assignment")
                            ? new Configuration[] {configuration} : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
