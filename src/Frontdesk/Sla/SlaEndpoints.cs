using Frontdesk.Automation;
using Frontdesk.Identity;
using Frontdesk.Tickets;

namespace Frontdesk.Sla;

public static class SlaEndpoints
{
    public static IServiceCollection AddSla(this IServiceCollection services)
    {
        services.AddOptions<SlaOptions>().BindConfiguration("Frontdesk:Sla");
        services.AddSingleton<SlaCatalog>();
        services.AddSingleton<IBusinessHoursSource, SlaBusinessHours>();
        services.AddSingleton<SlaSignal>();
        services.AddSingleton<ITicketStep, SlaStep>();
        services.AddSingleton<SlaMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaMonitor>());
        return services;
    }

    /// <summary>Staff read calendars, policies and a ticket's clocks; only admins change calendars and policies.</summary>
    public static IEndpointRouteBuilder MapSla(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/v1/calendars").WithTags("SLA").RequireAuthorization(Policies.Agent);
        calendars.MapGet("/", ListCalendars.HandleAsync).WithName("ListCalendars");
        calendars.MapGet("/{id:long}", ListCalendars.GetAsync).WithName("GetCalendar");
        calendars.MapPost("/", CreateCalendar.HandleAsync).WithName("CreateCalendar").RequireAuthorization(Policies.Admin);
        calendars.MapPatch("/{id:long}", UpdateCalendar.HandleAsync).WithName("UpdateCalendar").RequireAuthorization(Policies.Admin);
        calendars.MapDelete("/{id:long}", DeleteCalendar.HandleAsync).WithName("DeleteCalendar").RequireAuthorization(Policies.Admin);

        var policies = app.MapGroup("/api/v1/sla-policies").WithTags("SLA").RequireAuthorization(Policies.Agent);
        policies.MapGet("/", ListSlaPolicies.HandleAsync).WithName("ListSlaPolicies");
        policies.MapGet("/{id:long}", ListSlaPolicies.GetAsync).WithName("GetSlaPolicy");
        policies.MapPost("/", CreateSlaPolicy.HandleAsync).WithName("CreateSlaPolicy").RequireAuthorization(Policies.Admin);
        policies.MapPatch("/{id:long}", UpdateSlaPolicy.HandleAsync).WithName("UpdateSlaPolicy").RequireAuthorization(Policies.Admin);
        policies.MapDelete("/{id:long}", DeleteSlaPolicy.HandleAsync).WithName("DeleteSlaPolicy").RequireAuthorization(Policies.Admin);

        app.MapGet("/api/v1/tickets/{id:long}/sla", GetTicketSla.HandleAsync).WithName("GetTicketSla").WithTags("SLA").RequireAuthorization(Policies.Agent);
        return app;
    }
}
