package dev.runwall.linux.audit;

/** The syscalls Runwall's audit rules watch. */
public enum Syscall {
    CONNECT, SENDTO, SENDMSG, SENDMMSG, EXECVE, EXECVEAT
}
