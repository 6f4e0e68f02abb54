package org.entente.identity;

import java.net.URI;
import java.util.List;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User administration: create users, change their roles, set their console passwords. */
@RestController
@RequestMapping("/api/v1/users")
@RequiresPermission("community.admin")
class UsersController {

    private final Users users;

    UsersController(Users users) {
        this.users = users;
    }

    /**
     * @param organisation the id of the user's organisation
     * @param roles        role names (table role_permission)
     * @param password     the console password; none means the user signs in with API tokens only
     */
    record NewUser(String username, Long organisation, List<String> roles, String password) {
    }

    record Roles(List<String> roles) {
    }

    /** @param password the new console password; null removes it (API tokens only) */
    record Password(String password) {
    }

    @PostMapping
    ResponseEntity<Users.UserView> create(@RequestBody NewUser request, Caller admin) {
        Users.UserView user = users.create(admin, request.username(), request.organisation(), request.roles(), request.password());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @GetMapping("/{id}")
    Users.UserView user(@PathVariable long id) {
        return users.find(id).orElseThrow(() -> new IdentityExceptions.NotFound("There is no user with id " + id + "."));
    }

    /** Replaces the user's roles (a permission change, audited); refused if no administrator would remain. */
    @PutMapping("/{id}/roles")
    Users.UserView roles(@PathVariable long id, @RequestBody Roles request, Caller admin) {
        return users.setRoles(admin, id, request.roles());
    }

    /** Sets or removes the user's console password, and lifts a lockout. */
    @PutMapping("/{id}/password")
    Users.UserView password(@PathVariable long id, @RequestBody Password request, Caller admin) {
        return users.setPassword(admin, id, request.password());
    }
}
