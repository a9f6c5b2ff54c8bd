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
        if (!isZip(req.getContentType())) {
            throw new ApiException(415, "unsupported_media_type", "upload a package with Content-Type: application/zip");
        }
        PluginRegistry registry = require(services.registry(), REGISTRY);
        byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxUploadBytes.getAsLong());
        try {
            PluginInfo installed = registry.install(new ByteArrayInputStream(body), "upload");
            return Reply.created(PluginView.of(installed));
        } catch (InvalidPluginException e) {
            throw refused(e);
        }
    }

    Reply get(HttpServletRequest req, List<String> p) {
        return require(services.registry(), REGISTRY).find(p.get(0), p.get(1))
                .map(pkg -> Reply.ok(PluginView.of(pkg.info())))
                .orElseThrow(() -> ApiException.notFound("plugin " + p.get(0) + " version " + p.get(1) + " is not installed"));
    }

    Reply delete(HttpServletRequest req, List<String> p) {
        if (!require(services.registry(), REGISTRY).delete(p.get(0), p.get(1))) {
            throw ApiException.notFound("plugin " + p.get(0) + " version " + p.get(1) + " is not installed");
        }
        return Reply.noContent();
    }

    static boolean isZip(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/zip");
    }

    /** The registry's reason codes to HTTP: a body that is not a zip is a bad request, a bad package is unprocessable. */
    static ApiException refused(InvalidPluginException e) {
        String code = e.code() == null ? "invalid_package" : e.code();
        int status = switch (code) {
            case "too_large" -> 413;
            case "not_a_zip" -> 400;
            default -> 422;
        };
        String message = e.field() == null ? e.getMessage() : e.field() + ": " + e.getMessage();
        return new ApiException(status, code, message);
    }
}
