package dev.warden.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1: answers A and AAAA questions for the
 * names it was given, NXDOMAIN for any other name, and records every question it saw
 * ({@code name/type}). Just enough RFC 1035 for a resolver's single-question queries.
 */
final class FakeDnsServer implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;

    private final DatagramSocket socket;
    private final Map<String, List<InetAddress>> zone;
    private final List<String> questions = new CopyOnWriteArrayList<>();

    /** @param zone lower-case names without the trailing dot, to their addresses */
    FakeDnsServer(Map<String, List<InetAddress>> zone) throws IOException {
        this.zone = Map.copyOf(zone);
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        CountingListener.daemon("fake-dns-" + port(), this::serveLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<String> questions() {
        return List.copyOf(questions);
    }

    private void serveLoop() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buf, buf.length);
                socket.receive(query);
                byte[] answer = answer(java.util.Arrays.copyOf(query.getData(), query.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                // closed, or a query this server does not understand: no answer
            }
        }
    }

    private byte[] answer(byte[] q) {
        if (q.length < 12 || (q[4] << 8 | q[5] & 0xff) != 1) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int p = 12;
        while (q[p] != 0) {
            int len = q[p] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, p + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
            p += len + 1;
        }
        p++;
        int type = (q[p] & 0xff) << 8 | q[p + 1] & 0xff;
        int questionEnd = p + 4;
        String key = name.toString().toLowerCase(Locale.ROOT);
        questions.add(key + "/" + type);

        List<InetAddress> addresses = zone.get(key);
        List<InetAddress> matching = addresses == null ? List.of() : addresses.stream()
                .filter(a -> a.getAddress().length == (type == TYPE_AAAA ? 16 : 4))
                .filter(a -> type == TYPE_A || type == TYPE_AAAA)
                .toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        int rd = q[2] & 0x01;
        out.write(0x84 | rd); // QR, AA, RD copied
        out.write(addresses == null ? 0x83 : 0x80); // RA; NXDOMAIN when the name is unknown
        write16(out, 1);
        write16(out, matching.size());
        write16(out, 0);
        write16(out, 0);
        out.write(q, 12, questionEnd - 12);
        for (InetAddress a : matching) {
            write16(out, 0xC00C); // the name of the question
            write16(out, type);
            write16(out, 1); // IN
            write16(out, 0);
            write16(out, 60); // TTL 60 s
            byte[] rdata = a.getAddress();
            write16(out, rdata.length);
            out.write(rdata, 0, rdata.length);
        }
        return out.toByteArray();
    }

    private static void write16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8 & 0xff);
        out.write(v & 0xff);
    }

    @Override
    public void close() {
        socket.close();
    }
}
