package com.psabridge.gateway.apikey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.gateway.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/api-keys} issues a key (shown once, stored hashed); {@code DELETE
 * /v1/api-keys/{id}} revokes one.
 */
@RestController
@RequestMapping("/v1/api-keys")
class ApiKeyController {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);

	private final SecureRandom random = new SecureRandom();

	private final ApiKeyRepository keys;

	private final ApiKeyAuthenticationManager authentication;

	ApiKeyController(ApiKeyRepository keys, ApiKeyAuthenticationManager authentication) {
		this.keys = keys;
		this.authentication = authentication;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<IssuedKey>> issue(@RequestBody JsonNode body) {
		JsonFields fields = JsonFields.of(body);
		String name = fields.requiredText("name", 128);
		List<String> tenants = fields.requiredTextList("tenants", 1000,
				(tenant) -> (ApiKey.ALL_TENANTS.equals(tenant) || TenantId.isValid(tenant)) ? null
						: TenantId.RULE + ", or be \"*\" for every tenant");
		List<String> roles = fields.requiredTextList("roles", 3,
				(role) -> (Role.fromJsonName(role) != null) ? null : "must be one of enqueue, read, admin");
		fields.validate();
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String key = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		UUID id = UUID.randomUUID();
		List<Role> granted = roles.stream().map(Role::fromJsonName).distinct().toList();
		List<String> grantedNames = granted.stream().map(Role::jsonName).toList();
		List<String> scope = tenants.stream().distinct().toList();
		return this.keys.insert(id, name, ApiKeyRepository.hash(key), scope, granted).then(Mono.fromCallable(() -> {
			log.info("Issued API key {} ({}) for tenants {} with roles {}", id, name, scope, grantedNames);
			return ResponseEntity.status(HttpStatus.CREATED).body(new IssuedKey(id, key));
		}));
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
		UUID keyId;
		try {
			keyId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(Problems.notFound("There is no API key " + id + "."));
		}
		return this.keys.revoke(keyId).flatMap((found) -> {
			if (!found) {
				return Mono.error(Problems.notFound("There is no API key " + id + "."));
			}
			this.authentication.forget(keyId);
			log.info("Revoked API key {}", keyId);
			return Mono.just(ResponseEntity.noContent().<Void>build());
		});
	}

	/**
	 * The answer to an issue: the only time the key itself is ever shown.
	 *
	 * @param id the key's id, for revoking it
	 * @param key the secret to send as {@code Authorization: Bearer <key>}
	 */
	record IssuedKey(UUID id, String key) {

		@Override
		public String toString() {
			return "IssuedKey[id=" + this.id + "]";
		}

	}

}
