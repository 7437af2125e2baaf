package io.kopilka.campaigns;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** A pooled connection under another application name (another process, for the pacing), given back under its own. */
final class NamedSession {

    private NamedSession() {
    }

    static Connection open(DataSource dataSource, String applicationName) throws SQLException {
        Connection c = dataSource.getConnection();
        String own;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW application_name")) {
            rs.next();
            own = rs.getString(1);
            s.execute("SET application_name = '" + applicationName + "'");
        }
        // RESET would give the pool a session with no name: the driver set the pool's name after connecting
        return (Connection) Proxy.newProxyInstance(NamedSession.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    if ("close".equals(method.getName())) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SET application_name = '" + own + "'");
                        }
                    }
                    return method.invoke(c, args);
                });
    }
}
