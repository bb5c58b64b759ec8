/* The archive's verifier: checks a certificate's signed credential and its status in the signed status lists,
   offline, in the browser (WebCrypto's Ed25519 and SHA-256, DecompressionStream for the GZIP'd lists). It reads
   only what the archive holds (data.js: the issuer's DID document, the status lists, the credentials by code).
   The checks: VC Data Integrity "eddsa-jcs-2022" (JCS, RFC 8785) and W3C Bitstring Status List v1.0. */
"use strict";
(function () {
  const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const archive = window.SSA_ARCHIVE;

  function unbase58(text) {
    let number = 0n;
    for (const char of text) {
      const digit = ALPHABET.indexOf(char);
      if (digit < 0) throw new Error("not base58");
      number = number * 58n + BigInt(digit);
    }
    const bytes = [];
    while (number > 0n) { bytes.unshift(Number(number & 255n)); number >>= 8n; }
    let zeros = 0;
    while (zeros < text.length && text[zeros] === "1") zeros++;
    return new Uint8Array(new Array(zeros).fill(0).concat(bytes));
  }

  // RFC 8785 for what the credentials hold: keys sorted by UTF-16 code units (JavaScript's own order), strings and
  // integers as JSON.stringify writes them.
  function canonical(value) {
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    return "{" + Object.keys(value).sort().map((key) => JSON.stringify(key) + ":" + canonical(value[key])).join(",") + "}";
  }

  async function sha256(text) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  }

  async function issuerKeys() {
    const keys = {};
    for (const method of archive.issuer.verificationMethod) {
      const raw = unbase58(method.publicKeyMultibase.slice(1));
      if (raw[0] !== 0xed || raw[1] !== 0x01 || raw.length !== 34) continue;
      keys[method.id] = await crypto.subtle.importKey("raw", raw.slice(2), { name: "Ed25519" }, false, ["verify"]);
    }
    return keys;
  }

  async function proofHolds(document, keys) {
    if (!document || typeof document.proof !== "object") return false;
    const proof = Object.assign({}, document.proof);
    if (proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-jcs-2022") return false;
    if (typeof proof.proofValue !== "string" || proof.proofValue[0] !== "z") return false;
    const key = keys[proof.verificationMethod];
    if (!key || !archive.issuer.assertionMethod.includes(proof.verificationMethod)) return false;
    const issuer = typeof document.issuer === "string" ? document.issuer : (document.issuer || {}).id;
    if (issuer !== proof.verificationMethod.split("#")[0]) return false;
    let signature;
    try { signature = unbase58(proof.proofValue.slice(1)); } catch (error) { return false; }
    delete proof.proofValue;
    proof["@context"] = document["@context"];
    const unsecured = Object.assign({}, document);
    delete unsecured.proof;
    const options = await sha256(canonical(proof));
    const body = await sha256(canonical(unsecured));
    const data = new Uint8Array(64);
    data.set(options, 0);
    data.set(body, 32);
    try { return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, data); } catch (error) { return false; }
  }

  async function gunzip(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function statusBit(entry, keys) {
    const list = Object.values(archive.statusLists).find((candidate) => candidate.id === entry.statusListCredential);
    if (!list || !(await proofHolds(list, keys))) throw new Error("status list");
    if (list.credentialSubject.statusPurpose !== entry.statusPurpose) throw new Error("status list");
    const encoded = list.credentialSubject.encodedList.slice(1).replace(/-/g, "+").replace(/_/g, "/");
    const packed = Uint8Array.from(atob(encoded + "=".repeat((4 - (encoded.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const bits = await gunzip(packed);
    const index = Number(entry.statusListIndex);
    return (bits[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0;
  }

  async function verdict(code) {
    const credential = archive.credentials[code.trim()];
    if (!credential) return { outcome: "unknown" };
    const keys = await issuerKeys();
    if (!(await proofHolds(credential, keys))) return { outcome: "tampered" };
    let outcome = "valid";
    if (credential.validUntil && new Date(credential.validUntil) <= new Date()) outcome = "expired";
    try {
      for (const entry of credential.credentialStatus || []) {
        if (await statusBit(entry, keys)) { outcome = entry.statusPurpose === "revocation" ? "revoked" : "suspended"; break; }
      }
    } catch (error) {
      return { outcome: "tampered" };
    }
    return { outcome: outcome, credential: credential };
  }

  function day(text) {
    return text ? new Date(text).toLocaleDateString(document.documentElement.lang, { dateStyle: "long" }) : "";
  }

  function show(result) {
    for (const element of document.querySelectorAll("[data-outcome]")) element.hidden = element.dataset.outcome !== result.outcome;
    const details = document.getElementById("details");
    details.hidden = !result.credential;
    if (result.credential) {
      const subject = result.credential.credentialSubject;
      document.getElementById("detail-school").textContent = subject.identifier[0].identityHash;
      document.getElementById("detail-award").textContent = subject.achievement.name;
      document.getElementById("detail-from").textContent = day(result.credential.validFrom);
      document.getElementById("detail-until").textContent = day(result.credential.validUntil);
    }
    document.getElementById("result").dataset.outcome = result.outcome;
  }

  async function check(code) {
    try { show(await verdict(code)); } catch (error) { show({ outcome: "tampered" }); }
  }

  document.getElementById("check").addEventListener("submit", (event) => {
    event.preventDefault();
    check(document.getElementById("code").value);
  });
  const asked = new URLSearchParams(window.location.search).get("code");
  if (asked) {
    document.getElementById("code").value = asked;
    check(asked);
  }
}());
