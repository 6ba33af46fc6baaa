/*
 * nfq-delay: holds every packet of one NFQUEUE queue for a fixed delay (plus optional jitter), then accepts it.
 * The userspace stand-in for `tc netem delay` on kernels without netem. Run it in the receiving node's network
 * namespace (nsenter -n) with an iptables rule `-j NFQUEUE --queue-num N --queue-bypass` on that node's INPUT.
 *
 *   nfq-delay --queue N --delay-ms D [--jitter-ms J] [--watch-pid P] [--tag TEXT]
 *
 * Order is kept (a packet is never released before one queued earlier), as with netem without reordering.
 * Exits on SIGTERM/SIGINT (after accepting every held packet) and when process P (the node's init) is gone.
 * --tag is only there to name the process (cluster/node), so leftovers of a killed run can be found.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct held {
	uint32_t id;
	uint64_t release_ns;
};

static struct held *ring;
static size_t cap = 1 << 16, head, count;
static uint64_t delay_ns, jitter_ns, last_release_ns;
static volatile sig_atomic_t stopping;
static unsigned long long accepted, overflowed;

static uint64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void accept_packet(struct nfq_q_handle *qh, uint32_t id) {
	nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
	accepted++;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *data) {
	(void)msg; (void)data;
	struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
	if (!ph) return 0;
	uint32_t id = ntohl(ph->packet_id);
	if (count == cap) { /* full: let it through rather than drop it */
		overflowed++;
		accept_packet(qh, id);
		return 0;
	}
	uint64_t release = now_ns() + delay_ns + (jitter_ns ? (uint64_t)(random() % (long)jitter_ns) : 0);
	if (release < last_release_ns) release = last_release_ns;
	last_release_ns = release;
	ring[(head + count) % cap] = (struct held){id, release};
	count++;
	return 0;
}

static void release_due(struct nfq_q_handle *qh, uint64_t now) {
	while (count > 0 && ring[head].release_ns <= now) {
		accept_packet(qh, ring[head].id);
		head = (head + 1) % cap;
		count--;
	}
}

static void on_signal(int sig) { (void)sig; stopping = 1; }

int main(int argc, char **argv) {
	int queue = -1, watch_pid = 0;
	long delay_ms = -1, jitter_ms = 0;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--queue")) queue = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--delay-ms")) delay_ms = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--jitter-ms")) jitter_ms = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--watch-pid")) watch_pid = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--tag")) { /* informational */ }
		else { fprintf(stderr, "nfq-delay: unknown argument %s\n", argv[i]); return 2; }
	}
	if (queue < 0 || queue > 65535 || delay_ms < 0) {
		fprintf(stderr, "usage: nfq-delay --queue N --delay-ms D [--jitter-ms J] [--watch-pid P] [--tag T]\n");
		return 2;
	}
	delay_ns = (uint64_t)delay_ms * 1000000ull;
	jitter_ns = (uint64_t)jitter_ms * 1000000ull;
	ring = calloc(cap, sizeof *ring);
	struct nfq_handle *h = nfq_open();
	if (!ring || !h) { perror("nfq-delay: nfq_open"); return 1; }
	nfq_unbind_pf(h, AF_INET);
	if (nfq_bind_pf(h, AF_INET) < 0) { perror("nfq-delay: nfq_bind_pf"); return 1; }
	struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue, on_packet, NULL);
	if (!qh) { fprintf(stderr, "nfq-delay: cannot bind queue %d (taken?): %s\n", queue, strerror(errno)); return 1; }
	if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) { perror("nfq-delay: nfq_set_mode"); return 1; }
	nfq_set_queue_maxlen(qh, (uint32_t)cap);
	nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
	nfnl_rcvbufsiz(nfq_nfnlh(h), 8 << 20);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	int fd = nfq_fd(h);
	char buf[65536] __attribute__((aligned));
	fprintf(stderr, "nfq-delay: queue %d, delay %ld ms, jitter %ld ms\n", queue, delay_ms, jitter_ms);
	uint64_t last_watch = 0;
	while (!stopping) {
		uint64_t now = now_ns();
		release_due(qh, now);
		if (watch_pid && now - last_watch > 1000000000ull) {
			last_watch = now;
			if (kill(watch_pid, 0) != 0 && errno == ESRCH) break;
		}
		int timeout_ms = 200;
		if (count > 0) {
			uint64_t wait = ring[head].release_ns > now ? ring[head].release_ns - now : 0;
			timeout_ms = (int)((wait + 999999) / 1000000);
		}
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, timeout_ms) > 0) {
			ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
			if (n > 0) nfq_handle_packet(h, buf, (int)n);
			else if (n < 0 && errno == ENOBUFS) overflowed++; /* the kernel dropped messages: keep going */
		}
	}
	release_due(qh, UINT64_MAX);
	fprintf(stderr, "nfq-delay: exiting, %llu packets accepted, %llu overflowed\n", accepted, overflowed);
	nfq_destroy_queue(qh);
	nfq_close(h);
	return 0;
}
