namespace Frontdesk.Channels.Form;

public sealed class WebFormOptions
{
    /// <summary>Web-form tickets one email address may open per hour (counted in the database, so shared by every node).</summary>
    public int PerEmailPerHour { get; set; } = 5;

    /// <summary>Form submissions one client IP may make per hour (counted in memory, per node).</summary>
    public int PerIpPerHour { get; set; } = 30;
}
