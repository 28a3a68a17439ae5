/* One outbound call, then exit: connect (tcp) or one datagram (udp) to ADDRESS PORT. IPv4 or IPv6. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 4) return 2;
    int udp = strcmp(argv[1], "udp") == 0;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    int family;
    struct sockaddr_in *v4 = (struct sockaddr_in *) &ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &ss;
    if (inet_pton(AF_INET, argv[2], &v4->sin_addr) == 1) {
        family = v4->sin_family = AF_INET;
        v4->sin_port = htons(atoi(argv[3]));
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, argv[2], &v6->sin6_addr) == 1) {
        family = v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(atoi(argv[3]));
        len = sizeof *v6;
    } else {
        return 2;
    }
    int fd = socket(family, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (fd < 0) return 1;
    if (udp) sendto(fd, "x", 1, 0, (struct sockaddr *) &ss, len);
    else connect(fd, (struct sockaddr *) &ss, len);
    return 0;
}
