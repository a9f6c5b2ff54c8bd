package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.api.InvalidPluginException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturePolicyTest {

    private static PackageContents contents(Map<String, byte[]> e) {
        return new PackageContents(e.get(PackageContents.MANIFEST), e.get(PackageContents.WASM),
                e.get(PackageContents.SCHEMA), e.get(PackageContents.SIGNATURE));
    }

    private static String check(SignaturePolicy policy, Map<String, byte[]> entries, String origin) throws Exception {
        PackageContents c = contents(entries);
        return policy.check(c, new YAMLMapper().readTree(c.manifest()), origin);
    }

    private static String code(SignaturePolicy policy, Map<String, byte[]> entries, String origin) {
        return assertThrows(InvalidPluginException.class, () -> check(policy, entries, origin)).code();
    }

    @Test
    void verifiedSignatureNamesItsSignerForEveryOrigin() throws Exception {
        Map<String, byte[]> signed = PackageSigner.signedByTrustedKey(BadPackageCorpus.warden());
        for (String origin : new String[] {"upload", "disk", "bundle:x"}) {
            assertEquals("test-key", check(TestRegistries.trustingTestKey(true), signed, origin));
        }
    }

    @Test
    void diskOriginIsTrustedByPlacementButABrokenSignatureIsStillRefused() throws Exception {
        SignaturePolicy policy = TestRegistries.trustingTestKey(true);
        assertNull(check(policy, BadPackageCorpus.warden(), "disk"));
        assertNull(check(policy, PackageSigner.signed(BadPackageCorpus.warden(), PackageSigner.OTHER_KEY_ID,
                PackageSigner.OTHER_PRIVATE), "disk"), "unknown key: accepted as unsigned");
        Map<String, byte[]> tampered = PackageSigner.signedByTrustedKey(BadPackageCorpus.warden());
        tampered.put(PackageContents.WASM, Packages.wasm(7));
        assertEquals("bad_signature", code(policy, tampered, "disk"));
    }

    @Test
    void requireSignatureOffAcceptsUnsignedUploadsButNotBadSignatures() throws Exception {
        SignaturePolicy relaxed = TestRegistries.trustingTestKey(false);
        assertNull(check(relaxed, BadPackageCorpus.warden(), "upload"));
        Map<String, byte[]> tampered = PackageSigner.signedByTrustedKey(BadPackageCorpus.warden());
        tampered.put(PackageContents.WASM, Packages.wasm(7));
        assertEquals("bad_signature", code(relaxed, tampered, "upload"));
        assertEquals("signature_required", code(TestRegistries.trustingTestKey(true), BadPackageCorpus.warden(), "upload"));
    }

    @Test
    void fleetPackagesAreHeldToTheSignaturePolicyLikeUploads() throws Exception {
        SignaturePolicy strict = TestRegistries.trustingTestKey(true);
        assertEquals("signature_required", code(strict, BadPackageCorpus.warden(), "fleet"));
        assertEquals("untrusted_key", code(strict, PackageSigner.signed(BadPackageCorpus.warden(),
                PackageSigner.OTHER_KEY_ID, PackageSigner.OTHER_PRIVATE), "fleet"), "a key the agent does not trust");
        assertEquals("test-key", check(strict, PackageSigner.signedByTrustedKey(BadPackageCorpus.warden()), "fleet"));
        assertNull(check(TestRegistries.trustingTestKey(false), BadPackageCorpus.warden(), "fleet"));
    }

    @Test
    void trustedKeysAcceptRawAndX509FormsAndSkipGarbage() throws Exception {
        byte[] der = java.util.Base64.getDecoder().decode(PackageSigner.TRUSTED_PUBLIC);
        String raw = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, 12, 44));
        TrustedKeys keys = TrustedKeys.parse(new String[] {"raw=" + raw, "x509=" + PackageSigner.TRUSTED_PUBLIC,
            "broken=AAAA", "no-equals-sign", ""});
        assertEquals(2, keys.size());
        assertEquals(keys.get("raw").orElseThrow(), keys.get("x509").orElseThrow());
        SignaturePolicy policy = new SignaturePolicy(keys, true);
        assertEquals("x509", check(policy, PackageSigner.signed(BadPackageCorpus.warden(), "x509",
                PackageSigner.TRUSTED_PRIVATE), "upload"));
        assertEquals("raw", check(policy, PackageSigner.signed(BadPackageCorpus.warden(), "raw",
                PackageSigner.TRUSTED_PRIVATE), "upload"));
    }
}
