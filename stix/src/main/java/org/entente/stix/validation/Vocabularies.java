package org.entente.stix.validation;

import java.util.Set;

/**
 * The vocabularies and enumerations of chapter 10, generated from the specification text. A value
 * outside an open vocabulary ({@code -ov}) is a warning; outside an enumeration ({@code -enum}) an error.
 */
final class Vocabularies {

    private Vocabularies() {
    }

    /** Section 10.1, {@code account-type-ov}. */
    static final Vocab ACCOUNT_TYPE = new Vocab("account-type-ov", false, Set.of(
            "facebook", "ldap", "nis", "openid", "radius",
            "skype", "tacacs", "twitter", "unix", "windows-local",
            "windows-domain"));

    /** Section 10.2, {@code attack-motivation-ov}. */
    static final Vocab ATTACK_MOTIVATION = new Vocab("attack-motivation-ov", false, Set.of(
            "accidental", "coercion", "dominance", "ideology", "notoriety",
            "organizational-gain", "personal-gain", "personal-satisfaction", "revenge", "unpredictable"));

    /** Section 10.3, {@code attack-resource-level-ov}. */
    static final Vocab ATTACK_RESOURCE_LEVEL = new Vocab("attack-resource-level-ov", false, Set.of(
            "individual", "club", "contest", "team", "organization",
            "government"));

    /** Section 10.4, {@code encryption-algorithm-enum}. */
    static final Vocab ENCRYPTION_ALGORITHM = new Vocab("encryption-algorithm-enum", true, Set.of(
            "AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"));

    /** Section 10.5, {@code extension-type-enum}. */
    static final Vocab EXTENSION_TYPE = new Vocab("extension-type-enum", true, Set.of(
            "new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"));

    /** Section 10.6, {@code grouping-context-ov}. */
    static final Vocab GROUPING_CONTEXT = new Vocab("grouping-context-ov", false, Set.of(
            "suspicious-activity", "malware-analysis", "unspecified"));

    /** Section 10.7, {@code hash-algorithm-ov}. */
    static final Vocab HASH_ALGORITHM = new Vocab("hash-algorithm-ov", false, Set.of(
            "MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256",
            "SHA3-512", "SSDEEP", "TLSH"));

    /** Section 10.8, {@code identity-class-ov}. */
    static final Vocab IDENTITY_CLASS = new Vocab("identity-class-ov", false, Set.of(
            "individual", "group", "system", "organization", "class",
            "unknown"));

    /** Section 10.9, {@code implementation-language-ov}. */
    static final Vocab IMPLEMENTATION_LANGUAGE = new Vocab("implementation-language-ov", false, Set.of(
            "applescript", "bash", "c", "c++", "c#",
            "go", "java", "javascript", "lua", "objective-c",
            "perl", "php", "powershell", "python", "ruby",
            "rust", "scala", "swift", "typescript", "visual-basic",
            "x86-32", "x86-64"));

    /** Section 10.10, {@code indicator-type-ov}. */
    static final Vocab INDICATOR_TYPE = new Vocab("indicator-type-ov", false, Set.of(
            "anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity",
            "attribution", "unknown"));

    /** Section 10.11, {@code industry-sector-ov}. */
    static final Vocab INDUSTRY_SECTOR = new Vocab("industry-sector-ov", false, Set.of(
            "agriculture", "aerospace", "automotive", "chemical", "commercial",
            "communications", "construction", "defense", "education", "energy",
            "entertainment", "financial-services", "government", "emergency-services", "government-local",
            "government-national", "government-public-services", "government-regional", "healthcare", "hospitality-leisure",
            "infrastructure", "dams", "nuclear", "water", "insurance",
            "legal", "manufacturing", "mining", "non-profit", "pharmaceuticals",
            "retail", "technology", "telecommunications", "transportation", "utilities"));

    /** Section 10.12, {@code infrastructure-type-ov}. */
    static final Vocab INFRASTRUCTURE_TYPE = new Vocab("infrastructure-type-ov", false, Set.of(
            "amplification", "anonymization", "botnet", "command-and-control", "control-system",
            "exfiltration", "firewall", "hosting-malware", "hosting-target-lists", "phishing",
            "reconnaissance", "routers-switches", "staging", "workstation", "unknown"));

    /** Section 10.13, {@code malware-capabilities-ov}. */
    static final Vocab MALWARE_CAPABILITIES = new Vocab("malware-capabilities-ov", false, Set.of(
            "accesses-remote-machines", "anti-debugging", "anti-disassembly", "anti-emulation", "anti-memory-forensics",
            "anti-sandbox", "anti-vm", "captures-input-peripherals", "captures-output-peripherals", "captures-system-state-data",
            "cleans-traces-of-infection", "commits-fraud", "communicates-with-c2", "compromises-data-availability", "compromises-data-integrity",
            "compromises-system-availability", "controls-local-machine", "degrades-security-software", "degrades-system-updates", "determines-c2-server",
            "emails-spam", "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host",
            "hides-artifacts", "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components",
            "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion", "probes-network-environment", "self-modifies",
            "steals-authentication-credentials", "violates-system-operational-integrity"));

    /** Section 10.14, {@code malware-result-ov}. */
    static final Vocab MALWARE_RESULT = new Vocab("malware-result-ov", false, Set.of(
            "malicious", "suspicious", "benign", "unknown"));

    /** Section 10.15, {@code malware-type-ov}. */
    static final Vocab MALWARE_TYPE = new Vocab("malware-type-ov", false, Set.of(
            "adware", "backdoor", "bot", "bootkit", "ddos",
            "downloader", "dropper", "exploit-kit", "keylogger", "ransomware",
            "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit", "screen-capture",
            "spyware", "trojan", "unknown", "virus", "webshell",
            "wiper", "worm"));

    /** Section 10.16, {@code network-socket-address-family-enum}. */
    static final Vocab NETWORK_SOCKET_ADDRESS_FAMILY = new Vocab("network-socket-address-family-enum", true, Set.of(
            "AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS",
            "AF_INET6", "AF_IRDA", "AF_BTH"));

    /** Section 10.17, {@code network-socket-type-enum}. */
    static final Vocab NETWORK_SOCKET_TYPE = new Vocab("network-socket-type-enum", true, Set.of(
            "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"));

    /** Section 10.18, {@code opinion-enum}. */
    static final Vocab OPINION = new Vocab("opinion-enum", true, Set.of(
            "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"));

    /** Section 10.19, {@code pattern-type-ov}. */
    static final Vocab PATTERN_TYPE = new Vocab("pattern-type-ov", false, Set.of(
            "stix", "pcre", "sigma", "snort", "suricata",
            "yara"));

    /** Section 10.20, {@code processor-architecture-ov}. */
    static final Vocab PROCESSOR_ARCHITECTURE = new Vocab("processor-architecture-ov", false, Set.of(
            "alpha", "arm", "ia-64", "mips", "powerpc",
            "sparc", "x86", "x86-64"));

    /** Section 10.21, {@code region-ov}. */
    static final Vocab REGION = new Vocab("region-ov", false, Set.of(
            "africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa",
            "western-africa", "americas", "caribbean", "central-america", "latin-america-caribbean",
            "northern-america", "south-america", "asia", "central-asia", "eastern-asia",
            "southern-asia", "south-eastern-asia", "western-asia", "europe", "eastern-europe",
            "northern-europe", "southern-europe", "western-europe", "oceania", "antarctica",
            "australia-new-zealand", "melanesia", "micronesia", "polynesia"));

    /** Section 10.22, {@code report-type-ov}. */
    static final Vocab REPORT_TYPE = new Vocab("report-type-ov", false, Set.of(
            "attack-pattern", "campaign", "identity", "incident", "indicator",
            "intrusion-set", "malware", "observed-data", "threat-actor", "threat-report",
            "tool", "vulnerability"));

    /** Section 10.23, {@code threat-actor-type-ov}. */
    static final Vocab THREAT_ACTOR_TYPE = new Vocab("threat-actor-type-ov", false, Set.of(
            "activist", "competitor", "crime-syndicate", "criminal", "hacker",
            "insider-accidental", "insider-disgruntled", "nation-state", "private-sector", "sensationalist",
            "spy", "terrorist", "unknown"));

    /** Section 10.24, {@code threat-actor-role-ov}. */
    static final Vocab THREAT_ACTOR_ROLE = new Vocab("threat-actor-role-ov", false, Set.of(
            "agent", "director", "independent", "infrastructure-architect", "infrastructure-operator",
            "malware-author", "sponsor"));

    /** Section 10.25, {@code threat-actor-sophistication-ov}. */
    static final Vocab THREAT_ACTOR_SOPHISTICATION = new Vocab("threat-actor-sophistication-ov", false, Set.of(
            "none", "minimal", "intermediate", "advanced", "expert",
            "innovator", "strategic"));

    /** Section 10.26, {@code tool-type-ov}. */
    static final Vocab TOOL_TYPE = new Vocab("tool-type-ov", false, Set.of(
            "denial-of-service", "exploitation", "information-gathering", "network-capture", "credential-exploitation",
            "remote-access", "vulnerability-scanning", "unknown"));

    /** Section 10.27, {@code windows-integrity-level-enum}. */
    static final Vocab WINDOWS_INTEGRITY_LEVEL = new Vocab("windows-integrity-level-enum", true, Set.of(
            "low", "medium", "high", "system"));

    /** Section 10.28, {@code windows-pebinary-type-ov}. */
    static final Vocab WINDOWS_PEBINARY_TYPE = new Vocab("windows-pebinary-type-ov", false, Set.of(
            "dll", "exe", "sys"));

    /** Section 10.29, {@code windows-registry-datatype-enum}. */
    static final Vocab WINDOWS_REGISTRY_DATATYPE = new Vocab("windows-registry-datatype-enum", true, Set.of(
            "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
            "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
            "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"));

    /** Section 10.30, {@code windows-service-start-type-enum}. */
    static final Vocab WINDOWS_SERVICE_START_TYPE = new Vocab("windows-service-start-type-enum", true, Set.of(
            "SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START", "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT"));

    /** Section 10.31, {@code windows-service-type-enum}. */
    static final Vocab WINDOWS_SERVICE_TYPE = new Vocab("windows-service-type-enum", true, Set.of(
            "SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER", "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"));

    /** Section 10.32, {@code windows-service-status-enum}. */
    static final Vocab WINDOWS_SERVICE_STATUS = new Vocab("windows-service-status-enum", true, Set.of(
            "SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED", "SERVICE_RUNNING", "SERVICE_START_PENDING",
            "SERVICE_STOP_PENDING", "SERVICE_STOPPED"));

}
