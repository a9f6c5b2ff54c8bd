package dev.warden.egress.internal;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A UDP DNS server on 127.0.0.1 answering A and TXT questions from a map (name to IPv4 or text);
 * NXDOMAIN for anything else. Hand-rolled so no test ever asks a real DNS server.
 */
final class FakeDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, String> a;
    private final Map<String, String> txt;

    FakeDnsServer(Map<String, String> a, Map<String, String> txt) throws Exception {
        this.a = a;
        this.txt = txt;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread t = new Thread(this::serve, "fake-dns");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] reply = answer(buf, p.getLength());
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] q, int len) throws Exception {
        int i = 12;
        StringBuilder name = new StringBuilder();
        while (q[i] != 0) {
            int l = q[i];
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, i + 1, l, "US-ASCII"));
            i += l + 1;
        }
        int questionEnd = i + 5;
        int type = ((q[i + 1] & 0xff) << 8) | (q[i + 2] & 0xff);
        String key = name.toString().toLowerCase();
        String value = type == 1 ? a.get(key) : type == 16 ? txt.get(key) : null;
        boolean known = a.containsKey(key) || txt.containsKey(key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, 2); // id
        out.write(0x81);
        out.write(known ? 0x80 : 0x83); // NOERROR or NXDOMAIN
        out.write(new byte[] {0, 1, 0, value == null ? (byte) 0 : (byte) 1, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (value != null) {
            out.write(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60});
            byte[] rdata;
            if (type == 1) {
                rdata = InetAddress.getByName(value).getAddress();
            } else {
                byte[] s = value.getBytes("US-ASCII");
                rdata = new byte[s.length + 1];
                rdata[0] = (byte) s.length;
                System.arraycopy(s, 0, rdata, 1, s.length);
            }
            out.write(0);
            out.write(rdata.length);
            out.write(rdata);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
