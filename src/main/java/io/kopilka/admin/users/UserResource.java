package io.kopilka.admin.users;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

@Path("/api/admin/v1/users")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "Head-office and franchisee users of the chain")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Only head office manages users")
public class UserResource {

    @Inject
    Caller caller;

    @Inject
    UserService users;

    @POST
    @Operation(summary = "Create a user")
    @APIResponse(responseCode = "201", description = "Created (without the password)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "409", description = "email-taken: a user with this email exists")
    public Response create(UserRequest request) {
        UserView created = users.create(caller.identity(), Limits.body(request));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @POST
    @Path("/{id}/revoke")
    @Operation(summary = "Revoke a user: no more sign-in, the console session ends; revoking again changes nothing")
    @APIResponse(responseCode = "200", description = "The user with disabled_at",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", description = "No such user in the chain")
    @APIResponse(responseCode = "409", description = "revoke-self: a user cannot revoke themselves")
    public UserView revoke(@PathParam("id") long id) {
        return users.revoke(caller.identity(), id);
    }

    @GET
    @Operation(summary = "List the chain's users")
    @APIResponse(responseCode = "200", description = "Users")
    public List<UserView> list() {
        return users.list(caller.identity());
    }
}
