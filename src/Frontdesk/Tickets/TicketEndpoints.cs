using Frontdesk.Identity;

namespace Frontdesk.Tickets;

public static class TicketEndpoints
{
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddSingleton<TicketInputs>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TicketAuthorizationHandler>();
        return services;
    }

    public static RouteGroupBuilder MapTickets(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/v1/tickets").WithTags("Tickets");

        tickets.MapPost("/", CreateTicket.HandleAsync).WithName("CreateTicket");
        tickets.MapGet("/", ListTickets.HandleAsync).WithName("ListTickets");
        tickets.MapGet("/{id:long}", GetTicket.HandleAsync).WithName("GetTicket");
        tickets.MapPatch("/{id:long}", UpdateTicket.HandleAsync).WithName("UpdateTicket");
        tickets.MapPost("/{id:long}/messages", AddMessage.HandleAsync).WithName("AddMessage");
        tickets.MapGet("/{id:long}/messages", TicketConversation.MessagesAsync).WithName("ListMessages");
        tickets.MapGet("/{id:long}/messages/{messageId:long}", GetMessage.HandleAsync).WithName("GetMessage");
        tickets.MapGet("/{id:long}/attachments/{attachmentId:long}", GetMessage.DownloadAsync).WithName("DownloadAttachment");
        tickets.MapGet("/{id:long}/events", TicketConversation.EventsAsync).WithName("ListTicketEvents");
        tickets.MapGet("/{id:long}/explain", ExplainTicket.HandleAsync).WithName("ExplainTicket");
        tickets.MapGet("/{id:long}/links", LinkTickets.ListAsync).WithName("ListTicketLinks");
        tickets.MapPost("/{id:long}/links", LinkTickets.CreateAsync).WithName("LinkTicket").RequireAuthorization(Policies.Agent);
        tickets.MapDelete("/{id:long}/links/{linkId:long}", LinkTickets.DeleteAsync).WithName("UnlinkTicket").RequireAuthorization(Policies.Agent);
        tickets.MapPost("/{id:long}/merge", LinkTickets.MergeAsync).WithName("MergeTicket").RequireAuthorization(Policies.Agent);
        return tickets;
    }
}
