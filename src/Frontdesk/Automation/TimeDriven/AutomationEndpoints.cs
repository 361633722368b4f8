using Frontdesk.Identity;
using Frontdesk.Tickets;

namespace Frontdesk.Automation.TimeDriven;

public static class AutomationEndpoints
{
    /// <summary>Time-driven automations: the due step in the ticket pipeline and the background runner.</summary>
    public static IServiceCollection AddTimeDrivenAutomations(this IServiceCollection services)
    {
        services.AddOptions<AutomationOptions>().BindConfiguration("Frontdesk:Automations");
        services.AddSingleton<AutomationSignal>();
        services.AddSingleton<AutomationCatalog>();
        services.AddSingleton<ITicketStep, AutomationDueStep>();
        services.AddSingleton<AutomationRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<AutomationRunner>());
        return services;
    }

    /// <summary>Automations send mail and change every ticket: only admins read or change them.</summary>
    public static RouteGroupBuilder MapTimeDrivenAutomations(this IEndpointRouteBuilder app)
    {
        var automations = app.MapGroup("/api/v1/automations").WithTags("Automations").RequireAuthorization(Policies.Admin);
        automations.MapGet("/", ListAutomations.HandleAsync).WithName("ListAutomations");
        automations.MapGet("/{id:long}", ListAutomations.GetAsync).WithName("GetAutomation");
        automations.MapPost("/", CreateAutomation.HandleAsync).WithName("CreateAutomation");
        automations.MapPut("/{id:long}", UpdateAutomation.HandleAsync).WithName("UpdateAutomation");
        automations.MapDelete("/{id:long}", DeleteAutomation.HandleAsync).WithName("DeleteAutomation");
        return automations;
    }
}
