package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.PluginRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Uploads are held to the signature policy of {@code dev.warden.registry}: signed by a key in
 * {@code trusted_keys} unless the operator set {@code require_signature=false}, which takes
 * effect without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SignaturePolicyIT extends TestSupport {

    private static final String REGISTRY_PID = "dev.warden.registry";

    /** One framework per class and one probe class loader: the keys live as long as the framework. */
    private static final PackageSigner TRUSTED = PackageSigner.generate("itest-release");
    private static final PackageSigner TRUSTED_RAW = PackageSigner.generate("itest-raw");
    private static final PackageSigner STRANGER = PackageSigner.generate("stranger");

    @Test
    public void uploadsNeedASignatureByATrustedKey() throws Exception {
        requireSignatures();
        WardenApi api = api();

        assertRefused(api.postZip("/api/v1/plugins", plugin("sig-unsigned").wasm("hello-v1").bytes()),
                "signature_required");
        assertRefused(api.postZip("/api/v1/plugins", plugin("sig-stranger").wasm("hello-v1").signedBy(STRANGER).bytes()),
                "untrusted_key");
        assertRefused(api.postZip("/api/v1/plugins",
                plugin("sig-tampered").wasm("hello-v1").signedBy(TRUSTED).shipInsteadOfSigned("hello-v2").bytes()),
                "bad_signature");
        assertRefused(api.postZip("/api/v1/plugins",
                plugin("sig-impostor").wasm("hello-v1").signedBy(STRANGER.as(TRUSTED.keyId())).bytes()),
                "bad_signature");
        assertNotListed(api, "sig-unsigned", "sig-stranger", "sig-tampered", "sig-impostor");

        WardenApi.Response signed = api.postZip("/api/v1/plugins",
                plugin("sig-trusted").wasm("hello-v1").signedBy(TRUSTED).bytes());
        assertEquals(signed.toString(), 201, signed.status());
        assertEquals(TRUSTED.keyId(), signed.json().path("signer").asText());
        assertEquals(TRUSTED.keyId(), listed(api, "sig-trusted").path("signer").asText());

        WardenApi.Response raw = api.postZip("/api/v1/plugins",
                plugin("sig-raw-key").wasm("hello-v1").signedBy(TRUSTED_RAW).bytes());
        assertEquals("a trusted key may be given as the raw 32 bytes: " + raw, 201, raw.status());
        assertEquals(TRUSTED_RAW.keyId(), raw.json().path("signer").asText());
    }

    @Test
    public void aChangedManifestBreaksTheSignature() throws Exception {
        requireSignatures();
        WardenApi api = api();
        byte[] signature = plugin("sig-manifest").wasm("hello-v1").signedBy(TRUSTED).entries().get("signature.json");
        // Same module, same signature file, one more capability in the manifest.
        PluginZip widened = plugin("sig-manifest").wasm("hello-v1")
                .capabilities("get_config", "log", "submit_result", "http_request")
                .withEntry("signature.json", signature);
        assertRefused(api.postZip("/api/v1/plugins", widened.bytes()), "bad_signature");
        assertNotListed(api, "sig-manifest");
    }

    @Test
    public void turningTheRequirementOffAcceptsUnsignedUploadsWithoutRestart() throws Exception {
        requireSignatures();
        WardenApi api = api();
        assertRefused(api.postZip("/api/v1/plugins", plugin("sig-policy").wasm("hello-v1").bytes()),
                "signature_required");

        configure(REGISTRY_PID, PluginRegistry.class, Map.of("require_signature", false));
        try {
            WardenApi.Response unsigned = api.postZip("/api/v1/plugins", plugin("sig-policy").wasm("hello-v1").bytes());
            assertEquals(unsigned.toString(), 201, unsigned.status());
            assertTrue("no signer recorded: " + unsigned.body(), unsigned.json().path("signer").isNull()
                    || unsigned.json().path("signer").isMissingNode());
            assertEquals(1, service(PluginRegistry.class).find("sig-policy", "1.0.0").stream().count());
        } finally {
            requireSignatures();
        }
        assertRefused(api.postZip("/api/v1/plugins", plugin("sig-policy").version("1.0.1").wasm("hello-v1").bytes()),
                "signature_required");
    }

    private void requireSignatures() throws Exception {
        configure(REGISTRY_PID, PluginRegistry.class, Map.of(
                "require_signature", true,
                "trusted_keys", new String[] {TRUSTED.trustedKeyEntry(), TRUSTED_RAW.rawTrustedKeyEntry()}));
    }

    private static void assertRefused(WardenApi.Response response, String code) {
        assertEquals(response.toString(), 422, response.status());
        assertEquals(response.toString(), code, response.json().path("error").path("code").asText());
        assertFalse("the reason is explained: " + response, response.json().path("error").path("message").asText().isBlank());
    }

    private static JsonNode listed(WardenApi api, String id) {
        for (JsonNode p : api.get("/api/v1/plugins").json().path("plugins")) {
            if (id.equals(p.path("id").asText())) {
                return p;
            }
        }
        throw new AssertionError(id + " is not listed");
    }

    private static void assertNotListed(WardenApi api, String... ids) {
        WardenApi.Response list = api.get("/api/v1/plugins");
        assertEquals(list.toString(), 200, list.status());
        for (JsonNode p : list.json().path("plugins")) {
            for (String id : ids) {
                assertFalse("refused package " + id + " is listed: " + list.body(), id.equals(p.path("id").asText()));
            }
        }
    }
}
