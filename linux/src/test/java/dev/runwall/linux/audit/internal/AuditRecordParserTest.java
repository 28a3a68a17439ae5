package dev.runwall.linux.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.linux.audit.AuditParseException;
import dev.runwall.linux.audit.AuditRecord;
import dev.runwall.linux.audit.SocketAddressValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRecordParserTest {
    private static final String SYSCALL = "arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 items=0"
            + " ppid=10 pid=11 auid=1000 uid=1001 gid=1002 euid=1003 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0"
            + " ses=4 comm=6E65746E73202F72756E exe=\"/usr/bin/curl\" subj=unconfined key=(null)";

    @Test
    void headerGivesTimeSerialAndBody() throws Exception {
        AuditHeader header = AuditHeader.parse("audit(1700000000.042:987): a=b");
        assertThat(header.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 42_000_000));
        assertThat(header.serial()).isEqualTo(987);
        assertThat(header.body()).isEqualTo(" a=b");
    }

    @Test
    void malformedHeadersAreParseErrors() {
        for (String bad : new String[] {"", "audit(", "audit(1.2:3", "audit(1.2): x", "audit(x.1:2): ", "audit(1.1000:2): ",
                "audit(.1:2): ", "audit(1.:2): ", "audit(31556889864403200.000:1): ", "type=SYSCALL msg=audit(1.1:2): "}) {
            assertThatThrownBy(() -> AuditHeader.parse(bad)).as(bad).isInstanceOf(AuditParseException.class);
        }
    }

    @Test
    void syscallRecordDecodesNumbersHexAndUntrustedStrings() throws Exception {
        AuditRecord.Syscall s = (AuditRecord.Syscall) AuditRecordParser.parse(AuditRecord.SYSCALL, SYSCALL);
        assertThat(s.arch()).isEqualTo(0xc000003e);
        assertThat(s.syscall()).isEqualTo(42);
        assertThat(s.success()).contains(true);
        assertThat(s.exit()).hasValue(0);
        assertThat(s.args()).containsExactly(3L, 0x7ffdL, 0x10L, 0L);
        assertThat(s.pid()).isEqualTo(11);
        assertThat(s.ppid()).isEqualTo(10);
        assertThat(s.auid()).isEqualTo(1000);
        assertThat(s.uid()).isEqualTo(1001);
        assertThat(s.gid()).isEqualTo(1002);
        assertThat(s.euid()).isEqualTo(1003);
        assertThat(s.sessionId()).isEqualTo(4);
        assertThat(s.tty()).isEqualTo("pts0");
        assertThat(s.comm()).isEqualTo("netns /run"); // hex because of the space
        assertThat(s.exe()).contains("/usr/bin/curl");
        assertThat(s.key()).isEmpty();
    }

    @Test
    void syscallRecordWithoutPidOrWithGarbageNumbersIsAParseError() {
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.SYSCALL, "arch=c000003e syscall=42 ppid=1"))
                .isInstanceOf(AuditParseException.class).hasMessageContaining("pid");
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.SYSCALL, SYSCALL.replace("pid=11", "pid=1x")))
                .isInstanceOf(AuditParseException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.SYSCALL, SYSCALL.replace("arch=c000003e", "arch=zz")))
                .isInstanceOf(AuditParseException.class).hasMessageContaining("hex");
    }

    @Test
    void untrustedStringsMustBeQuotedHexOrNull() {
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.CWD, "cwd=/tmp")).isInstanceOf(AuditParseException.class)
                .hasMessageContaining("neither quoted nor hex");
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.CWD, "cwd=ABC")).isInstanceOf(AuditParseException.class);
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.CWD, "cwd=\"/tmp")).isInstanceOf(AuditParseException.class)
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.CWD, "cwd")).isInstanceOf(AuditParseException.class);
    }

    @Test
    void hexEncodedCwdAndPathNamesDecode() throws Exception {
        assertThat(AuditRecordParser.parse(AuditRecord.CWD, "cwd=2F746D702F6120620A"))
                .isEqualTo(new AuditRecord.Cwd("/tmp/a b\n"));
        AuditRecord.Path path = (AuditRecord.Path) AuditRecordParser.parse(AuditRecord.PATH,
                "item=1 name=(null) inode=42 dev=fe:00 mode=0100755 nametype=NORMAL");
        assertThat(path.item()).isEqualTo(1);
        assertThat(path.name()).isEmpty();
        assertThat(path.inode()).hasValue(42);
        assertThat(path.mode()).contains("0100755");
    }

    @Test
    void proctitleSplitsAtNul() throws Exception {
        assertThat(AuditRecordParser.parse(AuditRecord.PROCTITLE, "proctitle=6375726C002D73000068747470"))
                .isEqualTo(new AuditRecord.Proctitle(java.util.List.of("curl", "-s", "", "http")));
        assertThat(AuditRecordParser.parse(AuditRecord.PROCTITLE, "proctitle=\"sleep\""))
                .isEqualTo(new AuditRecord.Proctitle(java.util.List.of("sleep")));
    }

    @Test
    void sockaddrFamilies() throws Exception {
        assertThat(sockaddr("0100" + "2F746D702F73" + "00FFFF")).isEqualTo(new SocketAddressValue.Unix("/tmp/s", false));
        assertThat(sockaddr("0100" + "00" + "616273")).isEqualTo(new SocketAddressValue.Unix("abs", true));
        assertThat(sockaddr("0100")).isEqualTo(new SocketAddressValue.Unix("", false));
        assertThat(sockaddr("1000" + "0000" + "39300000" + "01000000")).isEqualTo(new SocketAddressValue.Netlink(12345, 1));
        assertThat(sockaddr("0000" + "0000")).isEqualTo(new SocketAddressValue.Other(0));
        assertThat(sockaddr("1100" + "0000")).isEqualTo(new SocketAddressValue.Other(17));
    }

    @Test
    void truncatedSockaddrIsAParseError() {
        assertThatThrownBy(() -> sockaddr("0200" + "0035" + "7F00")).isInstanceOf(AuditParseException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> sockaddr("0A00" + "0035" + "00000000" + "00")).isInstanceOf(AuditParseException.class);
        assertThatThrownBy(() -> sockaddr("02")).isInstanceOf(AuditParseException.class);
        assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.SOCKADDR, "saddr=(null)"))
                .isInstanceOf(AuditParseException.class).hasMessageContaining("saddr");
    }

    @Test
    void execveChunksAndMalformedFields() throws Exception {
        AuditRecord.Execve execve = (AuditRecord.Execve) AuditRecordParser.parse(AuditRecord.EXECVE,
                "argc=2 a0=\"ls\" a1_len=6 a1[0]=616263 a1[1]=\"def\"");
        assertThat(execve.argc()).hasValue(2);
        assertThat(execve.parts()).containsExactly(
                new AuditRecord.ArgumentPart(0, -1, "ls".getBytes()),
                new AuditRecord.ArgumentPart(1, 0, "abc".getBytes()),
                new AuditRecord.ArgumentPart(1, 1, "def".getBytes()));
        for (String bad : new String[] {"argc=x", "a=\"x\"", "ab=\"x\"", "a1[=\"x\"", "a1[2=\"x\"", "b0=\"x\"",
                "a99999999999=\"x\"", "a1[x]=\"y\""}) {
            assertThatThrownBy(() -> AuditRecordParser.parse(AuditRecord.EXECVE, bad)).as(bad)
                    .isInstanceOf(AuditParseException.class);
        }
    }

    @Test
    void fieldsAreFoundByWholeKeyNotByPrefixOrSuffix() throws Exception {
        AuditFields f = AuditFields.parse("ppid=10 pid=11 a0=1 a0_len=3 exit=-2 key=\"k\" ekey=\"e\"");
        assertThat(f.decimal("pid")).isEqualTo(11);
        assertThat(f.decimal("ppid")).isEqualTo(10);
        assertThat(f.hexNumber("a0")).isEqualTo(1);
        assertThat(f.text("key")).contains("k");
        assertThat(f.has("a1")).isFalse();
        assertThat(f.has("exit")).isTrue();
        assertThat(f.decimalOr("exit", 7)).isEqualTo(-2);
        assertThat(f.decimalOr("uid", -1)).isEqualTo(-1);
        assertThat(f.all()).extracting(AuditFields.Field::key)
                .containsExactly("ppid", "pid", "a0", "a0_len", "exit", "key", "ekey");
        assertThat(f.all().get(5).rawValue()).isEqualTo("\"k\"");
        assertThatThrownBy(() -> AuditFields.parse("pid=1x").decimalOr("pid", -1))
                .isInstanceOf(AuditParseException.class).hasMessageContaining("not a number");
    }

    @Test
    void quotedTextIsTheSameAsDecodingItsBytes() throws Exception {
        for (String value : new String[] {"\"\"", "\"/usr/bin/curl\"", "\"caf\u00e9\"", "\"\ud83d\ude00\"", "\"\ud800x\"",
                "\"a=b\"", "6375726C", "(null)"}) {
            AuditFields f = AuditFields.parse("exe=" + value);
            assertThat(f.text("exe")).as(value)
                    .isEqualTo(AuditFields.decodeValue("exe", value).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void otherTypesKeepTheirText() throws Exception {
        assertThat(AuditRecordParser.parse(1100, " pid=1 msg='op=login acct=\"x\"'"))
                .isEqualTo(new AuditRecord.Other(1100, " pid=1 msg='op=login acct=\"x\"'"));
    }

    private static SocketAddressValue sockaddr(String hex) throws AuditParseException {
        return ((AuditRecord.Sockaddr) AuditRecordParser.parse(AuditRecord.SOCKADDR, "saddr=" + hex)).address();
    }
}
