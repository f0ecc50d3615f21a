package io.hasp.bench;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the benchmark's Redis is, in the forms the different clients want it. Immutable.
 *
 * @param uri the URI as given, for clients that take one
 * @param host host name or address
 * @param port port
 * @param password the password from the URI's user info, or null
 * @param database the database number from the URI's path, 0 by default
 */
record RedisTarget(String uri, String host, int port, char[] password, int database) {

    /** Parses {@code redis://[[user]:password@]host[:port][/db]}. */
    static RedisTarget parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--redis: not a URI: '" + uri + "'", e);
        }
        if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("--redis: expected redis://host[:port][/db], got '" + uri + "'");
        }
        char[] password = null;
        String userInfo = parsed.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            password = (colon < 0 ? userInfo : userInfo.substring(colon + 1)).toCharArray();
        }
        int database = 0;
        String path = parsed.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--redis: the path must be a database number, got '" + uri + "'",
                        e);
            }
        }
        return new RedisTarget(uri, parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort(), password,
                database);
    }

    /** {@code redis://host:port}, without credentials: what reports show. */
    String display() {
        return "redis://" + host + ":" + port + (database != 0 ? "/" + database : "");
    }
}
