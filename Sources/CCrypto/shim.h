// SHA-256 from OpenSSL's libcrypto, which uses the CPU's SHA extensions where it has them.
// The one-call-per-step SHA256_* functions are marked deprecated in OpenSSL 3 in favour of
// EVP; they remain supported and keep the context a plain value with no allocation.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

static inline void mcip_sha256_init(SHA256_CTX *c) { SHA256_Init(c); }
static inline void mcip_sha256_update(SHA256_CTX *c, const void *data, size_t count) { SHA256_Update(c, data, count); }
static inline void mcip_sha256_final(SHA256_CTX *c, unsigned char *digest) { SHA256_Final(digest, c); }
