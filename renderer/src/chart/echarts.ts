// Only the ECharts parts the chart panes use (keeps the bundle small): zoom, pan and the cursor readout
// are the pane's own, so no dataZoom or tooltip component.
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, CanvasRenderer]);

export { echarts };
