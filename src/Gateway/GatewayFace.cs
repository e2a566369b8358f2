using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace CertOrleans.Gateway;

/// <summary>
/// What one gateway process serves (setting <c>Gateway:Face</c>). A deployment runs the public face apart from the
/// kiosks' (<c>run.sh</c> does), so that nothing a stranger uploads to the verification page shares a process, its
/// memory or its thread pool with a kiosk step. <see cref="All"/> serves both, for tests and a one-process trial.
/// </summary>
public enum GatewayFace
{
    All,
    /// <summary>Store terminals, registry, administration, the staff console and the dashboard.</summary>
    Kiosks,
    /// <summary>The verification page and API and the service status page: everything that needs no credential.</summary>
    Public,
}

public static class GatewayFaces
{
    public static bool ServesKiosks(this GatewayFace face) => face is GatewayFace.All or GatewayFace.Kiosks;

    public static bool ServesPublic(this GatewayFace face) => face is GatewayFace.All or GatewayFace.Public;

    /// <summary>Takes the routes off the pages the face does not serve, so they answer 404 like any unknown path.</summary>
    public static void HidePages(this GatewayFace face, PageConventionCollection pages)
    {
        string[] hidden = face switch
        {
            GatewayFace.Kiosks => ["/Verify", "/Status"],
            GatewayFace.Public => ["/Console"],
            _ => [],
        };
        foreach (var folder in hidden) pages.AddFolderRouteModelConvention(folder, model => model.Selectors.Clear());
    }
}
