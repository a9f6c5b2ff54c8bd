package dev.warden.egress.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a checked DNS name (never an IP literal) into addresses, once per call. */
interface HostResolver {

    List<InetAddress> resolve(String name) throws UnknownHostException;
}
