package dev.warden.web.internal;

import static dev.warden.web.internal.ApiServices.require;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.PluginInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code /api/v1/plugins}: list, upload, show and delete plugin versions. */
final class PluginEndpoints {

    private static final String REGISTRY = "plugin registry";

    private final ApiServices services;
    private final LongSupplier maxUploadBytes;

    PluginEndpoints(ApiServices services, LongSupplier maxUploadBytes) {
        this.services = services;
        this.maxUploadBytes = maxUploadBytes;
    }

    Reply list(HttpServletRequest req, List<String> p) {
        List<PluginView> plugins = require(services.registry(), REGISTRY).list().stream().map(PluginView::of).toList();
        return Reply.ok(Map.of("plugins", plugins));
    }

    Reply upload(HttpServletRequest req, List<String> p) throws IOException {
        try {
            PluginInfo installed = install(req);
            RestAudit.ok(services, req, "plugin.upload", RestAudit.plugin(installed));
            return Reply.created(PluginView.of(installed));
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "plugin.upload", Map.of(), e);
            throw e;
        }
    }

    private PluginInfo install(HttpServletRequest req) throws IOException {
        if (!isZip(req.getContentType())) {
            throw new ApiException(415, "unsupported_media_type", "upload a package with Content-Type: application/zip");
        }
        PluginRegistry registry = require(services.registry(), REGISTRY);
        byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxUploadBytes.getAsLong());
        try {
            return registry.install(new ByteArrayInputStream(body), "upload");
        } catch (InvalidPluginException e) {
            throw refused(e);
        }
    }

    Reply get(HttpServletRequest req, List<String> p) {
        return require(services.registry(), REGISTRY).find(p.get(0), p.get(1))
                .map(pkg -> Reply.ok(PluginView.of(pkg.info())))
                .orElseThrow(() -> notInstalled(p.get(0), p.get(1)));
    }

    /** Refuses (409) to delete a version that an assignment would run now; see {@link VersionInUse}. */
    Reply delete(HttpServletRequest req, List<String> p) {
        try {
            Reply reply = deleteVersion(p.get(0), p.get(1));
            RestAudit.ok(services, req, "plugin.delete", RestAudit.plugin(p.get(0), p.get(1)));
            return reply;
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "plugin.delete", RestAudit.plugin(p.get(0), p.get(1)), e);
            throw e;
        }
    }

    private Reply deleteVersion(String id, String version) {
        PluginRegistry registry = require(services.registry(), REGISTRY);
        if (registry.find(id, version).isEmpty()) {
            throw notInstalled(id, version);
        }
        String newest = registry.find(id, null).map(pkg -> pkg.info().version()).orElse(null);
        List<String> users = VersionInUse.assignments(id, version, newest, AssignmentEndpoints.current(services));
        if (!users.isEmpty()) {
            throw new ApiException(409, "in_use", "plugin " + id + " version " + version + " is in use by assignment(s) "
                    + String.join(", ", users) + (version.equals(newest) ? " (pinned to it or following the newest)" : "")
                    + "; pin them to another version (plugin_version) or delete them first");
        }
        if (!registry.delete(id, version)) {
            throw notInstalled(id, version);
        }
        return Reply.noContent();
    }

    private static ApiException notInstalled(String id, String version) {
        return ApiException.notFound("plugin " + id + " version " + version + " is not installed");
    }

    static boolean isZip(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/zip");
    }

    /**
     * The registry's reason codes to HTTP: a body that is not a zip is a bad request, an oversized one
     * (or one that inflates like a bomb) 413, a failure on the agent's side 500, and every refusal of the package itself (including the
     * signature policy: {@code signature_required}, {@code untrusted_key}, {@code bad_signature}) is
     * unprocessable. The signature codes are 422 rather than 403 on purpose: the caller is
     * authorised; it is the package that falls short, like any other content rule.
     */
    static ApiException refused(InvalidPluginException e) {
        String code = e.code() == null ? "invalid_package" : e.code();
        int status = switch (code) {
            case "too_large", "compression_bomb" -> 413;
            case "not_a_zip" -> 400;
            case "internal" -> 500;
            default -> 422;
        };
        String message = e.field() == null ? e.getMessage() : e.field() + ": " + e.getMessage();
        return new ApiException(status, code, message);
    }
}
